package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.action.HandlerResult;
import dev.ketch.kubelet.action.HandlerTarget;
import dev.ketch.kubelet.action.Handlers;
import dev.ketch.kubelet.action.Purpose;
import dev.ketch.kubelet.events.EventType;
import dev.ketch.kubelet.events.References;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.ContainerStatusInfo;
import dev.ketch.kubelet.runtime.CriLabels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops containers as upstream's killContainer does: a Killing event, the preStop hook (given at
 * most the grace period), then the runtime's stop with whatever grace is left, but never less
 * than 2 seconds. A whole pod's containers stop in parallel, one virtual thread each, so a pod
 * takes one grace period to stop, not one per container.
 *
 * <p>Thread-safe (stateless); blocks for up to the grace period.
 */
final class ContainerKiller {

  private static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);

  private final SyncContext ctx;

  ContainerKiller(SyncContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Stops one running instance.
   *
   * @param spec the container's spec, or null if the pod no longer names it (no hook is run)
   * @param message the Killing event's message
   */
  void stop(Pod pod, Container spec, String containerId, Duration grace, String message, boolean runPreStop, String podIp) {
    String name = spec != null ? spec.getName() : containerId;
    boolean init = spec != null && list(pod.getSpec().getInitContainers()).stream().anyMatch(c -> c.getName().equals(spec.getName()));
    ctx.events().event(References.container(pod, name, init), EventType.NORMAL, "Killing", message);
    Duration left = grace;
    if (runPreStop && spec != null && spec.getLifecycle() != null && spec.getLifecycle().getPreStop() != null) {
      Instant started = ctx.clock().instant();
      Handlers.Result h = Handlers.fromLifecycle(spec.getLifecycle().getPreStop(), spec, podIp);
      HandlerTarget target = new HandlerTarget(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          pod.getMetadata().getUid(), pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations(),
          name, containerId);
      HandlerResult r = h.handler().isPresent() ? ctx.handlers().run(Purpose.PRE_STOP, target, h.handler().get(), grace)
          : HandlerResult.failed(h.error());
      if (!r.success()) {
        ctx.events().event(References.container(pod, name, init), EventType.WARNING, "FailedPreStopHook",
            "PreStopHook failed: " + r.message());
      }
      left = grace.minus(Duration.between(started, ctx.clock().instant()));
    }
    if (left.compareTo(MINIMUM_GRACE) < 0 && !grace.isZero()) {
      left = MINIMUM_GRACE;
    }
    ctx.runtime().stopContainer(containerId, left.isNegative() ? Duration.ZERO : left);
  }

  /** Stops every running or created container of the pod, in parallel, and waits for them all. */
  void stopAll(Pod pod, RuntimePod snapshot, Duration grace, String podIp) {
    List<Thread> threads = new ArrayList<>();
    List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (ContainerStatusInfo c : snapshot.all()) {
      if (c.state() != ContainerState.RUNNING && c.state() != ContainerState.CREATED) {
        continue;
      }
      Container spec = spec(pod, c.labels().getOrDefault(CriLabels.CONTAINER_NAME, c.metadata().name()));
      String message = "Stopping container " + (spec != null ? spec.getName() : c.metadata().name());
      Runnable stop = () -> {
        try {
          stop(pod, spec, c.id(), grace, message, c.state() == ContainerState.RUNNING, podIp);
        } catch (ContainerRuntimeException e) {
          failures.add(e);
        }
      };
      threads.add(Thread.ofVirtual().name("kill-" + c.id().substring(0, Math.min(12, c.id().length()))).start(stop));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerRuntimeException(ContainerRuntimeException.Code.INTERNAL, "interrupted while stopping containers", e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
  }

  static Container spec(Pod pod, String name) {
    for (Container c : list(pod.getSpec().getContainers())) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    for (Container c : list(pod.getSpec().getInitContainers())) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
