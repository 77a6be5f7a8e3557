package dev.ketch.kubelet.prober;

import dev.ketch.kubelet.action.Handler;
import dev.ketch.kubelet.action.HandlerResult;
import dev.ketch.kubelet.action.HandlerRunner;
import dev.ketch.kubelet.action.HandlerTarget;
import dev.ketch.kubelet.action.Handlers;
import dev.ketch.kubelet.action.Purpose;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The probes of one pod's running containers, as upstream's prober workers run them but driven by
 * the pod's worker: {@link #probe} runs every probe that is due at {@code now} and says when the
 * next one is. Per container instance and probe kind it keeps consecutive successes and failures;
 * the result changes once a threshold is reached. A startup probe gates the other two; a
 * liveness or startup failure asks for the container to be killed and stops probing that
 * instance. Before {@code initialDelaySeconds} a probe keeps its initial result: readiness not
 * ready, liveness healthy.
 *
 * <p>Not thread-safe: owned by the pod's worker.
 */
public final class PodProbes {

  /** A probe failure the pod's worker reports as a Warning event. */
  public record Unhealthy(String container, String message) {}

  /** What a round of probing found: failed probes to report, and a container to kill (if any). */
  public record Round(List<Unhealthy> unhealthy, Map<String, String> kill, Instant nextDue) {}

  private static final class State {
    ProbeResult result;
    int successes;
    int failures;
    Instant next;
    boolean onHold;

    State(ProbeResult initial) {
      this.result = initial;
    }
  }

  private final HandlerRunner runner;
  private final Map<String, State> states = new HashMap<>();

  public PodProbes(HandlerRunner runner) {
    this.runner = runner;
  }

  /**
   * Runs the due probes of the running instance {@code containerId} of {@code container}.
   *
   * @param startedAt when the instance started running
   * @param wasReady whether the API last showed this very instance ready (kept across a kubelet
   *     restart instead of flapping to unready)
   */
  public Round probe(Pod pod, Container container, String containerId, Instant startedAt, String podIp, boolean wasReady,
      Instant now) {
    List<Unhealthy> unhealthy = new ArrayList<>();
    Map<String, String> kill = new HashMap<>();
    Instant nextDue = null;
    HandlerTarget target = new HandlerTarget(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
        pod.getMetadata().getUid(), pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations(),
        container.getName(), containerId);
    Purpose[] order = {Purpose.STARTUP, Purpose.LIVENESS, Purpose.READINESS};
    for (Purpose purpose : order) {
      Probe probe = spec(container, purpose);
      if (probe == null) {
        continue;
      }
      if (purpose != Purpose.STARTUP && !started(container, containerId)) {
        continue;
      }
      State s = states.computeIfAbsent(key(containerId, purpose), k -> new State(initial(purpose, wasReady)));
      if (s.onHold) {
        continue;
      }
      Instant first = startedAt.plusSeconds(value(probe.getInitialDelaySeconds(), 0));
      if (s.next == null) {
        s.next = first.isAfter(now) ? first : now;
      }
      if (!now.isBefore(s.next)) {
        Handlers.Result h = Handlers.fromProbe(probe, container, podIp);
        HandlerResult r = h.handler().isPresent()
            ? runner.run(purpose, target, h.handler().get(), Duration.ofSeconds(value(probe.getTimeoutSeconds(), 1)))
            : HandlerResult.failed(h.error());
        record(s, probe, purpose, r.success());
        if (!r.success()) {
          unhealthy.add(new Unhealthy(container.getName(), purpose.display() + " probe failed: " + r.message()));
          if (s.result == ProbeResult.FAILURE && (purpose == Purpose.LIVENESS || purpose == Purpose.STARTUP)) {
            s.onHold = true;
            kill.put(container.getName(), "Container " + container.getName() + " failed " + purpose.display().toLowerCase()
                + " probe, will be restarted");
          }
        }
        s.next = now.plusSeconds(value(probe.getPeriodSeconds(), 10));
      }
      if (!s.onHold && !(purpose == Purpose.STARTUP && s.result == ProbeResult.SUCCESS)) {
        nextDue = nextDue == null || s.next.isBefore(nextDue) ? s.next : nextDue;
      }
    }
    return new Round(unhealthy, kill, nextDue);
  }

  private void record(State s, Probe probe, Purpose purpose, boolean success) {
    if (success) {
      s.failures = 0;
      s.successes++;
      int threshold = purpose == Purpose.READINESS ? value(probe.getSuccessThreshold(), 1) : 1;
      if (s.successes >= threshold) {
        s.result = ProbeResult.SUCCESS;
      }
    } else {
      s.successes = 0;
      s.failures++;
      if (s.failures >= value(probe.getFailureThreshold(), 3)) {
        s.result = ProbeResult.FAILURE;
      }
    }
  }

  /** Whether the instance has started: no startup probe, or it succeeded. */
  public boolean started(Container container, String containerId) {
    if (container.getStartupProbe() == null) {
      return true;
    }
    State s = states.get(key(containerId, Purpose.STARTUP));
    return s != null && s.result == ProbeResult.SUCCESS;
  }

  /** Whether the running instance is ready: started and, with a readiness probe, passing it. */
  public boolean ready(Container container, String containerId, boolean wasReady) {
    if (!started(container, containerId)) {
      return false;
    }
    if (container.getReadinessProbe() == null) {
      return true;
    }
    State s = states.get(key(containerId, Purpose.READINESS));
    if (s == null) {
      return wasReady;
    }
    return s.result == ProbeResult.SUCCESS;
  }

  /** The probe result of a kind for an instance, if it was probed. */
  public Optional<ProbeResult> result(String containerId, Purpose purpose) {
    State s = states.get(key(containerId, purpose));
    return s == null ? Optional.empty() : Optional.of(s.result);
  }

  /** Forgets every instance not in {@code live}. */
  public void retain(Set<String> live) {
    states.keySet().removeIf(k -> !live.contains(k.substring(0, k.indexOf('/'))));
  }

  private static ProbeResult initial(Purpose purpose, boolean wasReady) {
    return switch (purpose) {
      case READINESS -> wasReady ? ProbeResult.SUCCESS : ProbeResult.FAILURE;
      case LIVENESS -> ProbeResult.SUCCESS;
      default -> ProbeResult.UNKNOWN;
    };
  }

  private static Probe spec(Container c, Purpose purpose) {
    return switch (purpose) {
      case STARTUP -> c.getStartupProbe();
      case LIVENESS -> c.getLivenessProbe();
      case READINESS -> c.getReadinessProbe();
      default -> null;
    };
  }

  private static String key(String containerId, Purpose purpose) {
    return containerId + "/" + purpose.name();
  }

  private static int value(Integer v, int dflt) {
    return v == null || v <= 0 ? dflt : v;
  }
}
