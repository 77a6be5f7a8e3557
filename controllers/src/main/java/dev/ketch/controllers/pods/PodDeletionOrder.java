package dev.ketch.controllers.pods;

import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
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
 *   <li>ready for less time first, compared on a log₂ scale of the time since (missing first);
 *   <li>more container restarts first;
 *   <li>newer first, on the same log₂ scale (missing first);
 *   <li>then by uid.
 * </ol>
 *
 * <p>Unlike upstream's Less, which compares raw times before their log₂ buckets and breaks some
 * ties by uid early, this is a total order (Java's sort checks that it is), computed once per pod:
 * pods equal in a bucket go on to the next rule. Not thread-safe: one per sort.
 */
public final class PodDeletionOrder implements Comparator<Pod> {

  public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

  private static final Map<String, Integer> PHASE_ORDER = Map.of(Pods.PENDING, 0, Pods.UNKNOWN, 1, Pods.RUNNING, 2);

  private static final Comparator<Key> ORDER = Comparator
      .comparingInt(Key::scheduled)
      .thenComparingInt(Key::phase)
      .thenComparingInt(Key::ready)
      .thenComparingInt(Key::cost)
      .thenComparingInt(Key::negativeRank)
      .thenComparingLong(Key::readyBucket)
      .thenComparingInt(Key::negativeRestarts)
      .thenComparingLong(Key::createdBucket)
      .thenComparing(Key::uid);

  /** A pod's place, computed once. */
  private record Key(int scheduled, int phase, int ready, int cost, int negativeRank, long readyBucket, int negativeRestarts,
      long createdBucket, String uid) {}

  private final ToIntFunction<Pod> ranks;
  private final Instant now;
  private final Map<Pod, Key> keys = new IdentityHashMap<>();

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
    return ORDER.compare(key(a), key(b));
  }

  private Key key(Pod p) {
    return keys.computeIfAbsent(p, this::computeKey);
  }

  private Key computeKey(Pod p) {
    boolean ready = Pods.isReady(p);
    return new Key(
        Pods.nodeName(p) == null ? 0 : 1,
        PHASE_ORDER.getOrDefault(Pods.phase(p), 0),
        ready ? 1 : 0,
        deletionCost(p),
        -ranks.applyAsInt(p),
        ready ? bucket(Pods.readySince(p)) : Long.MIN_VALUE,
        -Pods.maxContainerRestarts(p),
        bucket(Timestamps.parse(p.getMetadata().getCreationTimestamp())),
        p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid());
  }

  /** ⌊log₂ of the nanoseconds since {@code t}⌋: smaller is more recent; a missing time sorts first. */
  private long bucket(Instant t) {
    if (t == null) {
      return Long.MIN_VALUE;
    }
    long nanos = Duration.between(t, now).toNanos();
    return nanos > 0 ? 63 - Long.numberOfLeadingZeros(nanos) : -1;
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
