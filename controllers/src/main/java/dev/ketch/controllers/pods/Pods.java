package dev.ketch.controllers.pods;

import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/** Facts about pods that controllers share, as upstream's podutil and controller_utils. */
public final class Pods {

  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String UNKNOWN = "Unknown";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Pods() {}

  /** {@code namespace/name}, the key expectations track deletions by. */
  public static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** The highest restart count of its containers (what upstream's deletion ranking compares). */
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

  /** Its phase; Pending while it has none. */
  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? PENDING : pod.getStatus().getPhase();
  }

  /** Succeeded or Failed: its containers will not run again. */
  public static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /** Being deleted: it has a deletionTimestamp. */
  public static boolean isTerminating(HasMetadata object) {
    return object.getMetadata().getDeletionTimestamp() != null;
  }

  /** Neither terminal nor being deleted (controller.IsPodActive). */
  public static boolean isActive(Pod pod) {
    return !isTerminal(pod) && !isTerminating(pod);
  }

  /** The pod's condition of {@code type}, or null. */
  public static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  /** Its Ready condition is True. */
  public static boolean isReady(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  /** Running, and Ready. */
  public static boolean isRunningAndReady(Pod pod) {
    return RUNNING.equals(phase(pod)) && isReady(pod);
  }

  /** Ready for at least {@code minReadySeconds} at {@code now} (podutil.IsPodAvailable). */
  public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isReady(pod)) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    Instant since = readySince(pod);
    return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
  }

  /** How long until a ready pod becomes available, or zero if it is or never will be. */
  public static Duration untilAvailable(Pod pod, int minReadySeconds, Instant now) {
    Instant since = isReady(pod) ? readySince(pod) : null;
    if (since == null || minReadySeconds <= 0) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, since.plusSeconds(minReadySeconds));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** When its Ready condition last turned True, or null. */
  public static Instant readySince(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    return ready == null || !"True".equals(ready.getStatus()) ? null : Timestamps.parse(ready.getLastTransitionTime());
  }

  /** The sum of the restart counts of its containers and init containers. */
  public static int restarts(Pod pod) {
    int sum = 0;
    if (pod.getStatus() != null) {
      for (List<ContainerStatus> list : List.of(nullSafe(pod.getStatus().getContainerStatuses()),
          nullSafe(pod.getStatus().getInitContainerStatuses()))) {
        for (ContainerStatus s : list) {
          sum += s.getRestartCount() == null ? 0 : s.getRestartCount();
        }
      }
    }
    return sum;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * The order in which controllers delete surplus pods, most expendable first, as upstream's
   * ActivePods: unassigned before assigned, Pending before Unknown before Running, not ready
   * before ready, ready for less time before more, more restarts before fewer, newer before older.
   */
  public static final Comparator<Pod> MOST_EXPENDABLE_FIRST = (a, b) -> {
    boolean aAssigned = assigned(a);
    boolean bAssigned = assigned(b);
    if (aAssigned != bAssigned) {
      return aAssigned ? 1 : -1;
    }
    int phase = Integer.compare(phaseRank(a), phaseRank(b));
    if (phase != 0) {
      return phase;
    }
    boolean aReady = isReady(a);
    boolean bReady = isReady(b);
    if (aReady != bReady) {
      return aReady ? 1 : -1;
    }
    if (aReady) {
      Instant ra = readySince(a);
      Instant rb = readySince(b);
      if (ra != null && rb != null && !ra.equals(rb)) {
        return rb.compareTo(ra);
      }
    }
    int restarts = Integer.compare(restarts(b), restarts(a));
    if (restarts != 0) {
      return restarts;
    }
    Instant ca = Timestamps.parse(a.getMetadata().getCreationTimestamp());
    Instant cb = Timestamps.parse(b.getMetadata().getCreationTimestamp());
    if (ca == null || cb == null) {
      return ca == null ? (cb == null ? 0 : -1) : 1;
    }
    return cb.compareTo(ca);
  };

  private static boolean assigned(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  private static int phaseRank(Pod pod) {
    return switch (phase(pod)) {
      case PENDING -> 0;
      case UNKNOWN -> 1;
      case RUNNING -> 2;
      default -> 3;
    };
  }

  /** The node a pod is bound to, or null. */
  public static String nodeName(Pod pod) {
    return assigned(pod) ? pod.getSpec().getNodeName() : null;
  }

  /**
   * A new pod from {@code template} (upstream's GetPodFromTemplate): its labels, annotations,
   * finalizers and spec, in {@code namespace}, controlled by {@code controllerRef}.
   */
  public static Pod fromTemplate(PodTemplateSpec template, String namespace, OwnerReference controllerRef) {
    PodTemplateSpec copy = SERIALIZATION.clone(template);
    ObjectMeta meta = new ObjectMeta();
    ObjectMeta from = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
    meta.setNamespace(namespace);
    meta.setLabels(from.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from.getLabels()));
    meta.setAnnotations(from.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from.getAnnotations()));
    meta.setFinalizers(from.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(from.getFinalizers()));
    if (controllerRef != null) {
      meta.setOwnerReferences(new ArrayList<>(List.of(controllerRef)));
    }
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(meta);
    pod.setSpec(copy.getSpec());
    return pod;
  }

  /** A deep copy of any model object, for changing what a cache returned. */
  public static <T> T copy(T object) {
    return SERIALIZATION.clone(object);
  }
}
