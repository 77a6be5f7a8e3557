package dev.ketch.controllers.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Orders pods so that those to delete first come first, as upstream's ActivePodsWithRanks (with
 * PodDeletionCost and LogarithmicScaleDown, both on by default):
 *
 * <ol>
 *   <li>unscheduled before scheduled;
 *   <li>Pending before Unknown before Running;
 *   <li>not ready before ready;
 *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first;
 *   <li>higher rank first (the rank is how many related pods share the pod's node);
 *   <li>ready for less time first, compared on a log₂ scale of the time since;
 *   <li>more container restarts first;
 *   <li>newer first, on the same log₂ scale; ties on the scale broken by uid.
 * </ol>
 */
public final class PodDeletionOrder implements Comparator<Pod> {

  public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

  private static final Map<String, Integer> PHASE_ORDER = Map.of(Pods.PHASE_PENDING, 0, Pods.PHASE_UNKNOWN, 1, Pods.PHASE_RUNNING, 2);

  private final ToIntFunction<Pod> ranks;
  private final Instant now;

  /**
   * @param ranks each pod's rank
   * @param now the reference time of the logarithmic comparisons
   */
  public PodDeletionOrder(ToIntFunction<Pod> ranks, Instant now) {
    this.ranks = ranks;
    this.now = now;
  }

  @Override
  public int compare(Pod a, Pod b) {
    String na = Pods.nodeName(a);
    String nb = Pods.nodeName(b);
    if (!na.equals(nb) && (na.isEmpty() || nb.isEmpty())) {
      return na.isEmpty() ? -1 : 1;
    }
    int pa = PHASE_ORDER.getOrDefault(Pods.phase(a), 0);
    int pb = PHASE_ORDER.getOrDefault(Pods.phase(b), 0);
    if (pa != pb) {
      return Integer.compare(pa, pb);
    }
    boolean ra = Pods.isReady(a);
    boolean rb = Pods.isReady(b);
    if (ra != rb) {
      return ra ? 1 : -1;
    }
    int ca = deletionCost(a);
    int cb = deletionCost(b);
    if (ca != cb) {
      return Integer.compare(ca, cb);
    }
    int rankA = ranks.applyAsInt(a);
    int rankB = ranks.applyAsInt(b);
    if (rankA != rankB) {
      return Integer.compare(rankB, rankA);
    }
    if (ra) {
      Instant ta = Pods.readySince(a);
      Instant tb = Pods.readySince(b);
      if (!Objects.equals(ta, tb)) {
        int c = newerFirst(ta, tb, a, b);
        if (c != 0) {
          return c;
        }
      }
    }
    int restartsA = Pods.maxContainerRestarts(a);
    int restartsB = Pods.maxContainerRestarts(b);
    if (restartsA != restartsB) {
      return Integer.compare(restartsB, restartsA);
    }
    Instant createdA = Pods.parseTime(a.getMetadata().getCreationTimestamp());
    Instant createdB = Pods.parseTime(b.getMetadata().getCreationTimestamp());
    if (!Objects.equals(createdA, createdB)) {
      return newerFirst(createdA, createdB, a, b);
    }
    return 0;
  }

  /** Missing times first, then the more recent on a log₂ scale of the time until now, then by uid. */
  private int newerFirst(Instant ta, Instant tb, Pod a, Pod b) {
    if (ta == null || tb == null) {
      return ta == null ? -1 : 1;
    }
    long diff = log2Rank(ta) - log2Rank(tb);
    if (diff == 0) {
      return uid(a).compareTo(uid(b));
    }
    return diff < 0 ? -1 : 1;
  }

  private long log2Rank(Instant t) {
    long nanos = Duration.between(t, now).toNanos();
    return nanos > 0 ? (long) (Math.log(nanos) / Math.log(2)) : -1;
  }

  private static String uid(Pod p) {
    return p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid();
  }

  /** The pod's deletion cost annotation, 0 when absent or not an int32. */
  public static int deletionCost(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String v = annotations == null ? null : annotations.get(DELETION_COST_ANNOTATION);
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
