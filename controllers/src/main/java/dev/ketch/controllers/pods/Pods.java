package dev.ketch.controllers.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What controllers read from a pod's status, as upstream's podutil. */
public final class Pods {

  public static final String PHASE_PENDING = "Pending";
  public static final String PHASE_RUNNING = "Running";
  public static final String PHASE_SUCCEEDED = "Succeeded";
  public static final String PHASE_FAILED = "Failed";
  public static final String PHASE_UNKNOWN = "Unknown";

  private Pods() {}

  /** {@code namespace/name}, the key expectations track deletions by. */
  public static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** The Ready condition, or null. */
  public static PodCondition readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  /** True if the pod's Ready condition is True. */
  public static boolean isReady(Pod pod) {
    PodCondition c = readyCondition(pod);
    return c != null && "True".equals(c.getStatus());
  }

  /**
   * True if the pod has been ready for at least {@code minReadySeconds} at {@code now} (at once
   * when it is zero), as upstream's IsPodAvailable.
   */
  public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReadySeconds == 0) {
      return true;
    }
    Instant since = parseTime(readyCondition(pod).getLastTransitionTime());
    return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
  }

  /**
   * How long until a ready pod becomes available, or null if it is not ready or already is:
   * when a controller should look again.
   */
  public static Duration untilAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isReady(pod) || minReadySeconds == 0) {
      return null;
    }
    Instant since = parseTime(readyCondition(pod).getLastTransitionTime());
    if (since == null) {
      return null;
    }
    Duration left = Duration.between(now, since.plusSeconds(minReadySeconds));
    return left.isNegative() ? null : left;
  }

  /** Not terminated and not being deleted, as upstream's IsPodActive. */
  public static boolean isActive(Pod pod) {
    String phase = phase(pod);
    return !PHASE_SUCCEEDED.equals(phase) && !PHASE_FAILED.equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  /** Succeeded or Failed. */
  public static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return PHASE_SUCCEEDED.equals(phase) || PHASE_FAILED.equals(phase);
  }

  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
  }

  public static String nodeName(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
  }

  /** The highest restart count of the pod's containers. */
  public static int maxContainerRestarts(Pod pod) {
    int max = 0;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (s.getRestartCount() != null) {
          max = Math.max(max, s.getRestartCount());
        }
      }
    }
    return max;
  }

  /** When the pod last became ready, or null if it is not ready. */
  public static Instant readySince(Pod pod) {
    return isReady(pod) ? parseTime(readyCondition(pod).getLastTransitionTime()) : null;
  }

  /** An RFC 3339 timestamp as written by the API, or null when absent or unreadable. */
  public static Instant parseTime(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
