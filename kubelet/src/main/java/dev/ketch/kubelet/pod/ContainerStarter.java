package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.action.HandlerResult;
import dev.ketch.kubelet.action.HandlerTarget;
import dev.ketch.kubelet.action.Handlers;
import dev.ketch.kubelet.action.Purpose;
import dev.ketch.kubelet.env.ContainerConfigException;
import dev.ketch.kubelet.env.EnvironmentBuilder.PodPlacement;
import dev.ketch.kubelet.events.EventType;
import dev.ketch.kubelet.events.References;
import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.KeyValue;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one new instance of a container, step by step as upstream's kuberuntime does, with its
 * events: make sure the image is there (by pull policy, with pull back-off), compute the
 * environment, create, start, run the postStart hook. A step that fails leaves the container's
 * waiting reason and message in the {@link PodState} (ErrImageNeverPull, ErrImagePull,
 * ImagePullBackOff, CreateContainerConfigError, CreateContainerError, RunContainerError,
 * PostStartHookError) and a Warning event; a runtime that is unavailable throws, so the sync is
 * retried without blaming the pod.
 *
 * <p>Thread-safe (stateless); called from the pod's worker.
 */
final class ContainerStarter {

  private final SyncContext ctx;
  private final ContainerKiller killer;

  ContainerStarter(SyncContext ctx, ContainerKiller killer) {
    this.ctx = ctx;
    this.killer = killer;
  }

  /** Returns true if the container now runs; otherwise its waiting reason says why not. */
  boolean start(Pod pod, Container c, boolean init, int restartCount, String sandboxId, PodSandboxConfig sandboxConfig,
      PodPlacement placement, PodState state) {
    var ref = References.container(pod, c.getName(), init);
    Optional<String> image = ensureImage(pod, c, ref, sandboxConfig, state);
    if (image.isEmpty()) {
      return false;
    }
    List<KeyValue> env;
    try {
      env = ctx.environment().build(pod, c, placement);
    } catch (ContainerConfigException e) {
      return fail(state, c, ref, Waiting.CREATE_CONTAINER_CONFIG_ERROR, e.getMessage());
    }
    ContainerConfig config = ContainerConfigs.container(pod, c, init, restartCount, env, ctx.volumes().mounts(pod, c));
    String id;
    try {
      id = ctx.runtime().createContainer(sandboxId, config, sandboxConfig);
    } catch (ContainerRuntimeException e) {
      if (e.isTransient()) {
        throw e;
      }
      return fail(state, c, ref, Waiting.CREATE_CONTAINER_ERROR, e.getMessage());
    }
    ctx.events().event(ref, EventType.NORMAL, "Created", "Created container: " + c.getName());
    try {
      ctx.runtime().startContainer(id);
    } catch (ContainerRuntimeException e) {
      if (e.isTransient()) {
        throw e;
      }
      return fail(state, c, ref, Waiting.RUN_CONTAINER_ERROR, e.getMessage());
    }
    ctx.events().event(ref, EventType.NORMAL, "Started", "Started container " + c.getName());
    if (c.getLifecycle() != null && c.getLifecycle().getPostStart() != null) {
      Handlers.Result h = Handlers.fromLifecycle(c.getLifecycle().getPostStart(), c, placement.podIp());
      HandlerTarget target = new HandlerTarget(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          pod.getMetadata().getUid(), annotations(pod), c.getName(), id);
      HandlerResult r = h.handler().isPresent()
          ? ctx.handlers().run(Purpose.POST_START, target, h.handler().get(),
              Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod)))
          : HandlerResult.failed(h.error());
      if (!r.success()) {
        ctx.events().event(ref, EventType.WARNING, "FailedPostStartHook", r.message());
        killer.stop(pod, c, id, Duration.ofSeconds(ContainerConfigs.gracePeriodSeconds(pod)),
            "FailedPostStartHook", false, placement.podIp());
        state.waiting.put(c.getName(), new Waiting(Waiting.POST_START_HOOK_ERROR, r.message()));
        return false;
      }
    }
    state.waiting.remove(c.getName());
    return true;
  }

  /** The image reference to create the container with, or empty (with a waiting reason) if none. */
  private Optional<String> ensureImage(Pod pod, Container c, io.fabric8.kubernetes.api.model.ObjectReference ref,
      PodSandboxConfig sandboxConfig, PodState state) {
    String image = c.getImage();
    ImageSpec spec = new ImageSpec(image, Map.of(CriLabels.CONTAINER_NAME, c.getName()));
    String policy = c.getImagePullPolicy() == null ? defaultPolicy(image) : c.getImagePullPolicy();
    Optional<ImageInfo> present = ctx.images().imageStatus(spec);
    boolean pull = "Always".equals(policy) || ("IfNotPresent".equals(policy) && present.isEmpty());
    if ("Never".equals(policy) && present.isEmpty()) {
      String message = "Container image \"" + image + "\" is not present with pull policy of Never";
      ctx.events().event(ref, EventType.WARNING, Waiting.ERR_IMAGE_NEVER_PULL, message);
      fail(state, c, ref, Waiting.ERR_IMAGE_NEVER_PULL, message);
      return Optional.empty();
    }
    if (!pull) {
      ctx.events().event(ref, EventType.NORMAL, "Pulled", "Container image \"" + image + "\" already present on machine");
      return Optional.of(image);
    }
    Instant now = ctx.clock().instant();
    String key = pod.getMetadata().getUid() + "/" + image;
    if (ctx.imageBackOff().lastUpdate(key).map(failed -> ctx.imageBackOff().inBackOffSince(key, failed, now)).orElse(false)) {
      String message = "Back-off pulling image \"" + image + "\"";
      ctx.events().event(ref, EventType.NORMAL, "BackOff", message);
      fail(state, c, ref, Waiting.IMAGE_PULL_BACK_OFF, message);
      return Optional.empty();
    }
    ctx.events().event(ref, EventType.NORMAL, "Pulling", "Pulling image \"" + image + "\"");
    long started = System.nanoTime();
    try {
      ctx.images().pullImage(spec, sandboxConfig);
    } catch (ContainerRuntimeException e) {
      if (e.code() == ContainerRuntimeException.Code.UNAVAILABLE) {
        throw e;
      }
      ctx.imageBackOff().next(key, now);
      ctx.events().event(ref, EventType.WARNING, "Failed", "Failed to pull image \"" + image + "\": " + e.getMessage());
      fail(state, c, ref, Waiting.ERR_IMAGE_PULL, e.getMessage());
      return Optional.empty();
    }
    String took = goSeconds(System.nanoTime() - started);
    long size = ctx.images().imageStatus(spec).map(ImageInfo::size).orElse(0L);
    ctx.events().event(ref, EventType.NORMAL, "Pulled", "Successfully pulled image \"" + image + "\" in " + took + " ("
        + took + " including waiting). Image size: " + size + " bytes.");
    return Optional.of(image);
  }

  private boolean fail(PodState state, Container c, io.fabric8.kubernetes.api.model.ObjectReference ref, String reason,
      String message) {
    ctx.events().event(ref, EventType.WARNING, "Failed", "Error: " + (reason.equals(Waiting.CREATE_CONTAINER_CONFIG_ERROR)
        || reason.equals(Waiting.CREATE_CONTAINER_ERROR) || reason.equals(Waiting.RUN_CONTAINER_ERROR) ? message : reason));
    state.waiting.put(c.getName(), new Waiting(reason, message));
    return false;
  }

  /** Upstream's default: Always for :latest or no tag, else IfNotPresent. */
  static String defaultPolicy(String image) {
    if (image.contains("@")) {
      return "IfNotPresent";
    }
    int slash = image.lastIndexOf('/');
    int colon = image.indexOf(':', slash + 1);
    return colon < 0 || image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
  }

  private static Map<String, String> annotations(Pod pod) {
    return pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
  }

  private static String goSeconds(long nanos) {
    double s = nanos / 1e9;
    return s < 1 ? String.format(java.util.Locale.ROOT, "%dms", nanos / 1_000_000) : String.format(java.util.Locale.ROOT, "%.3fs", s);
  }
}
