package dev.ketch.kubelet.runtime.simulated;

import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerMetadata;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerRuntimeException.Code;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.ContainerSummary;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.ExecResult;
import dev.ketch.kubelet.runtime.ImageInfo;
import dev.ketch.kubelet.runtime.ImageService;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxMetadata;
import dev.ketch.kubelet.runtime.PodSandboxState;
import dev.ketch.kubelet.runtime.PodSandboxStatus;
import dev.ketch.kubelet.runtime.RuntimeService;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A container runtime with no processes: sandboxes get an address from the node's pod range,
 * containers go CREATED → RUNNING → EXITED as the kubelet drives them, and exit by themselves
 * only when the pod's annotations say so ({@link SimulatedBehaviour}). Time comes from the
 * injected clock and is looked at lazily: a container due to exit is EXITED in the first answer
 * after its time, so the runtime needs no thread and thousands of containers cost a few hundred
 * bytes each. Images are "pulled" instantly (unless told to fail) and then present.
 *
 * <p>Thread-safety: every method is safe for concurrent use; one lock per runtime guards its
 * state, held only for in-memory work. State lives as long as this object: a kubelet restarted
 * over the same instance finds its sandboxes and containers again, as over containerd.
 */
public final class SimulatedRuntime implements RuntimeService, ImageService {

  /** The runtime's name: container IDs in pod status read {@code simulated://…}. */
  public static final String NAME = "simulated";
  public static final String VERSION = "0.1.0";

  private final Clock clock;
  private final PodAddresses addresses;
  private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
  private final Map<String, Container> containers = new LinkedHashMap<>();
  private final Map<String, ImageInfo> images = new LinkedHashMap<>();
  private Map<String, String> defaultBehaviour = Map.of();

  private static final class Sandbox {
    final String id;
    final PodSandboxConfig config;
    final Instant createdAt;
    final SimulatedBehaviour behaviour;
    PodSandboxState state = PodSandboxState.READY;
    String ip;

    Sandbox(String id, PodSandboxConfig config, Instant createdAt, Map<String, String> defaults) {
      this.id = id;
      this.config = config;
      this.createdAt = createdAt;
      Map<String, String> merged = new java.util.HashMap<>(defaults);
      merged.putAll(config.annotations());
      this.behaviour = new SimulatedBehaviour(merged);
    }
  }

  private static final class Container {
    final String id;
    final String sandboxId;
    final ContainerConfig config;
    final String imageRef;
    final Instant createdAt;
    final Optional<SimulatedBehaviour.Exit> exit;
    ContainerState state = ContainerState.CREATED;
    Instant startedAt;
    Instant finishedAt;
    int exitCode;
    String reason = "";
    String message = "";

    Container(String id, String sandboxId, ContainerConfig config, String imageRef, Instant createdAt,
        Optional<SimulatedBehaviour.Exit> exit) {
      this.id = id;
      this.sandboxId = sandboxId;
      this.config = config;
      this.imageRef = imageRef;
      this.createdAt = createdAt;
      this.exit = exit;
    }
  }

  /**
   * @param podCidr the node's pod range, e.g. {@code 10.64.0.0/24}
   */
  public SimulatedRuntime(Clock clock, String podCidr) {
    this.clock = clock;
    this.addresses = new PodAddresses(podCidr);
  }

  /** Makes images present without a pull, as images imported on a real node. */
  public synchronized SimulatedRuntime withImages(String... names) {
    for (String name : names) {
      addImage(ImageNames.normalize(name));
    }
    return this;
  }

  /**
   * Makes every pod started from now on behave as if it carried these {@link SimulatedBehaviour}
   * annotations; a pod's own annotations win over them.
   */
  public synchronized SimulatedRuntime withDefaultBehaviour(Map<String, String> annotations) {
    this.defaultBehaviour = Map.copyOf(annotations);
    return this;
  }

  /**
   * Makes the running containers of pod {@code namespace/name} exit now with {@code exitCode}, as
   * if their processes ended by themselves; the kubelet reports it on its next relist.
   *
   * @return how many containers exited
   */
  public synchronized int exitContainers(String namespace, String name, int exitCode) {
    Instant now = clock.instant();
    int exited = 0;
    for (Container c : containers.values()) {
      Sandbox s = sandboxes.get(c.sandboxId);
      advance(c, now);
      if (s != null && c.state == ContainerState.RUNNING && s.config.metadata().namespace().equals(namespace)
          && s.config.metadata().name().equals(name)) {
        finish(c, now, exitCode, exitCode == 0 ? "Completed" : "Error", "");
        exited++;
      }
    }
    return exited;
  }

  @Override
  public RuntimeVersion version() {
    return new RuntimeVersion(NAME, VERSION, "v1");
  }

  // Sandboxes

  @Override
  public synchronized String runPodSandbox(PodSandboxConfig config) {
    Sandbox s = new Sandbox(newId(), config, clock.instant(), defaultBehaviour);
    if (!config.hostNetwork()) {
      s.ip = addresses.allocate();
      if (s.ip == null) {
        throw new ContainerRuntimeException(Code.INTERNAL,
            "failed to set up sandbox container network: no IP addresses available in range set");
      }
    }
    sandboxes.put(s.id, s);
    return s.id;
  }

  @Override
  public synchronized void stopPodSandbox(String podSandboxId) {
    Sandbox s = sandboxes.get(podSandboxId);
    if (s == null) {
      return;
    }
    Instant now = clock.instant();
    for (Container c : containers.values()) {
      if (c.sandboxId.equals(podSandboxId)) {
        advance(c, now);
        if (c.state == ContainerState.RUNNING) {
          finish(c, now, 137, "Error", "");
        }
      }
    }
    if (s.state == PodSandboxState.READY && s.ip != null) {
      addresses.release(s.ip);
    }
    s.state = PodSandboxState.NOTREADY;
  }

  @Override
  public synchronized void removePodSandbox(String podSandboxId) {
    stopPodSandbox(podSandboxId);
    containers.values().removeIf(c -> c.sandboxId.equals(podSandboxId));
    sandboxes.remove(podSandboxId);
  }

  @Override
  public synchronized PodSandboxStatus podSandboxStatus(String podSandboxId) {
    Sandbox s = sandboxes.get(podSandboxId);
    if (s == null) {
      throw ContainerRuntimeException.notFound("sandbox " + podSandboxId);
    }
    return status(s);
  }

  @Override
  public synchronized List<PodSandboxStatus> listPodSandboxes(PodSandboxFilter filter) {
    List<PodSandboxStatus> out = new ArrayList<>();
    for (Sandbox s : sandboxes.values()) {
      PodSandboxStatus status = status(s);
      if (filter.matches(status)) {
        out.add(status);
      }
    }
    return out;
  }

  private static PodSandboxStatus status(Sandbox s) {
    List<String> ips = s.state == PodSandboxState.READY && s.ip != null ? List.of(s.ip) : List.of();
    PodSandboxMetadata m = s.config.metadata();
    return new PodSandboxStatus(s.id, m, s.state, s.createdAt, ips, s.config.labels(), s.config.annotations());
  }

  // Containers

  @Override
  public synchronized String createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
    Sandbox s = sandboxes.get(podSandboxId);
    if (s == null || s.state != PodSandboxState.READY) {
      throw ContainerRuntimeException.notFound("sandbox " + podSandboxId + " (ready)");
    }
    String name = config.metadata().name();
    Optional<String> createError = s.behaviour.createError(name);
    if (createError.isPresent()) {
      throw new ContainerRuntimeException(Code.INVALID_CONFIG, createError.get());
    }
    ImageInfo image = findImage(config.image())
        .orElseThrow(() -> new ContainerRuntimeException(Code.IMAGE_NOT_PRESENT,
            "failed to get image \"" + config.image() + "\": image not found"));
    String imageRef = image.repoDigests().isEmpty() ? image.id() : image.repoDigests().getFirst();
    Container c = new Container(newId(), podSandboxId, config, imageRef, clock.instant(), s.behaviour.exit(name));
    containers.put(c.id, c);
    return c.id;
  }

  @Override
  public synchronized void startContainer(String containerId) {
    Container c = containers.get(containerId);
    if (c == null) {
      throw ContainerRuntimeException.notFound("container " + containerId);
    }
    if (c.state != ContainerState.CREATED) {
      throw new ContainerRuntimeException(Code.INTERNAL, "container " + containerId + " is in " + c.state + " state, not CREATED");
    }
    Sandbox s = sandboxes.get(c.sandboxId);
    Instant now = clock.instant();
    Optional<String> startError = s == null ? Optional.empty() : s.behaviour.startError(c.config.metadata().name());
    if (startError.isPresent()) {
      finish(c, now, 128, "StartError", startError.get());
      throw new ContainerRuntimeException(Code.COMMAND_NOT_FOUND, startError.get());
    }
    c.state = ContainerState.RUNNING;
    c.startedAt = now;
    advance(c, now);
  }

  @Override
  public synchronized void stopContainer(String containerId, Duration timeout) {
    Container c = containers.get(containerId);
    if (c == null) {
      return;
    }
    Instant now = clock.instant();
    advance(c, now);
    if (c.state == ContainerState.RUNNING) {
      // A simulated process exits on SIGTERM at once; with no grace it is killed.
      if (timeout.isZero()) {
        finish(c, now, 137, "Error", "");
      } else {
        finish(c, now, 0, "Completed", "");
      }
    } else if (c.state == ContainerState.CREATED) {
      finish(c, now, 0, "", "");
      c.startedAt = null;
    }
  }

  @Override
  public synchronized void removeContainer(String containerId) {
    Container c = containers.get(containerId);
    if (c == null) {
      return;
    }
    advance(c, clock.instant());
    if (c.state == ContainerState.RUNNING) {
      throw new ContainerRuntimeException(Code.INTERNAL, "container " + containerId + " is running; stop it first");
    }
    containers.remove(containerId);
  }

  @Override
  public synchronized List<ContainerSummary> listContainers(ContainerFilter filter) {
    Instant now = clock.instant();
    List<ContainerSummary> out = new ArrayList<>();
    for (Container c : containers.values()) {
      advance(c, now);
      if (filter.matches(c.sandboxId, c.state, c.config.labels())) {
        out.add(new ContainerSummary(c.id, c.sandboxId, c.config.metadata(), c.config.image(), c.imageRef, c.state,
            c.createdAt, c.config.labels(), c.config.annotations()));
      }
    }
    return out;
  }

  @Override
  public synchronized ContainerStatusInfo containerStatus(String containerId) {
    Container c = containers.get(containerId);
    if (c == null) {
      throw ContainerRuntimeException.notFound("container " + containerId);
    }
    advance(c, clock.instant());
    return new ContainerStatusInfo(c.id, c.sandboxId, c.config.metadata(), c.state, c.createdAt, c.startedAt,
        c.finishedAt, c.exitCode, ImageNames.normalize(c.config.image()), c.imageRef, c.reason, c.message,
        c.config.mounts(), c.config.logPath(), c.config.labels(), c.config.annotations());
  }

  @Override
  public synchronized ExecResult execSync(String containerId, List<String> command, Duration timeout) {
    Container c = containers.get(containerId);
    if (c != null) {
      advance(c, clock.instant());
    }
    if (c == null || c.state != ContainerState.RUNNING) {
      throw new ContainerRuntimeException(Code.NOT_FOUND, "container " + containerId + " is not running");
    }
    return new ExecResult(new byte[0], new byte[0], 0);
  }

  /** Whether the container's readiness probes fail by the pod's annotations. */
  synchronized boolean neverReady(String containerId) {
    Container c = containers.get(containerId);
    Sandbox s = c == null ? null : sandboxes.get(c.sandboxId);
    return s != null && s.behaviour.neverReady(c.config.metadata().name());
  }

  /** Whether the container's liveness probes fail now by the pod's annotations. */
  synchronized boolean unhealthy(String containerId) {
    Container c = containers.get(containerId);
    Sandbox s = c == null ? null : sandboxes.get(c.sandboxId);
    if (s == null || c.startedAt == null) {
      return false;
    }
    Optional<Duration> after = s.behaviour.unhealthyAfter(c.config.metadata().name());
    return after.isPresent() && !clock.instant().isBefore(c.startedAt.plus(after.get()));
  }

  /** Number of sandboxes and containers held, for tests and measurements. */
  public synchronized int[] size() {
    return new int[] {sandboxes.size(), containers.size()};
  }

  /** Exits a running container whose time has come, at the time it was due. */
  private static void advance(Container c, Instant now) {
    if (c.state != ContainerState.RUNNING || c.exit.isEmpty()) {
      return;
    }
    SimulatedBehaviour.Exit exit = c.exit.get();
    Instant due = c.startedAt.plus(exit.after());
    if (!now.isBefore(due)) {
      finish(c, due, exit.exitCode(), exit.reason(), "");
    }
  }

  private static void finish(Container c, Instant at, int exitCode, String reason, String message) {
    c.state = ContainerState.EXITED;
    c.finishedAt = at;
    c.exitCode = exitCode;
    c.reason = reason;
    c.message = message;
  }

  // Images

  @Override
  public synchronized Optional<ImageInfo> imageStatus(ImageSpec image) {
    return findImage(image.image());
  }

  @Override
  public synchronized String pullImage(ImageSpec image, PodSandboxConfig sandbox) {
    String container = image.annotations().getOrDefault(CriLabels.CONTAINER_NAME, "");
    Optional<String> error = new SimulatedBehaviour(sandbox == null ? Map.of() : sandbox.annotations()).pullError(container);
    if (error.isPresent()) {
      throw new ContainerRuntimeException(Code.IMAGE_PULL_FAILED, error.get());
    }
    ImageInfo info = addImage(ImageNames.normalize(image.image()));
    return info.repoDigests().getFirst();
  }

  @Override
  public synchronized List<ImageInfo> listImages() {
    return List.copyOf(images.values());
  }

  @Override
  public synchronized void removeImage(ImageSpec image) {
    findImage(image.image()).ifPresent(i -> images.remove(i.id()));
  }

  private Optional<ImageInfo> findImage(String name) {
    if (name.startsWith("sha256:")) {
      return Optional.ofNullable(images.get(name));
    }
    String normalized = ImageNames.normalize(name);
    for (ImageInfo i : images.values()) {
      if (i.repoTags().contains(normalized) || i.repoDigests().contains(normalized)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private ImageInfo addImage(String normalized) {
    String digest = ImageNames.digest(normalized);
    ImageInfo existing = images.get(digest);
    if (existing != null) {
      return existing;
    }
    List<String> tags = normalized.contains("@") ? List.of() : List.of(normalized);
    ImageInfo info = new ImageInfo(digest, tags, List.of(ImageNames.repository(normalized) + "@" + digest), 1_000_000);
    images.put(digest, info);
    return info;
  }

  private static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextLong())
        + hex.toHexDigits(r.nextLong());
  }
}
