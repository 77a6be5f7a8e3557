package dev.ketch.scheduler.queue;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.QueuedPodInfo;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * The pods waiting to be scheduled, in three places as upstream's {@code PriorityQueue}:
 *
 * <ul>
 *   <li><b>active</b>: ready now, ordered by the profile's QueueSort (priority, then time);
 *   <li><b>backoff</b>: failed recently and waiting out an exponential backoff (initial × 2^(attempts−1),
 *       capped), after which they become active;
 *   <li><b>unschedulable</b>: rejected by plugins, waiting for a cluster event that one of those
 *       plugins registered (a node added, a pod deleted…) — never polled. A pod waiting longer than
 *       {@code maxInUnschedulable} is retried anyway (upstream's five-minute safety net).
 * </ul>
 *
 * A pod popped for scheduling is <em>in flight</em> until its cycle ends; an event during its cycle
 * sends it to backoff rather than the unschedulable pool, so the event is not lost. Pods with
 * {@code spec.schedulingGates} wait, gated, until an update removes the gates. Thread-safe: informer
 * threads add and move pods, the scheduling thread pops them, binding threads requeue failures.
 */
public final class SchedulingQueue implements AutoCloseable {

  private enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE }

  private static final class Entry {
    final QueuedPodInfo info;
    Where where;
    Instant unschedulableSince;

    Entry(QueuedPodInfo info, Where where) {
      this.info = info;
      this.where = where;
    }
  }

  /** How often pods waiting too long in the unschedulable pool are looked for. */
  static final Duration LEFTOVER_CHECK_PERIOD = Duration.ofSeconds(30);

  private final InstantSource clock;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxInUnschedulable;
  private final Map<String, Map<String, List<ClusterEventWithHint>>> eventsByProfile;
  private final Nominator nominator;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<QueuedPodInfo> active;
  private final PriorityQueue<Entry> backoff;
  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, Entry> unschedulable = new HashMap<>();
  private final Map<String, PodInfo> inFlight = new HashMap<>();
  private final Set<String> updatedInFlight = new HashSet<>();
  private long schedulingCycle;
  private long moveRequestCycle = -1;
  private boolean closed;
  private Instant nextLeftoverCheck = Instant.MIN;

  /**
   * @param less the QueueSort order (shared by every profile)
   * @param eventsByProfile for each scheduler name, the events each plugin registered
   */
  public SchedulingQueue(BiPredicate<QueuedPodInfo, QueuedPodInfo> less, InstantSource clock, Duration initialBackoff,
      Duration maxBackoff, Duration maxInUnschedulable, Map<String, Map<String, List<ClusterEventWithHint>>> eventsByProfile,
      Nominator nominator) {
    this.clock = clock;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxInUnschedulable = maxInUnschedulable;
    this.eventsByProfile = Map.copyOf(eventsByProfile);
    this.nominator = nominator;
    this.active = new PriorityQueue<>((a, b) -> less.test(a, b) ? -1 : less.test(b, a) ? 1 : 0);
    this.backoff = new PriorityQueue<>(Comparator.comparing(e -> backoffExpiry(e.info)));
  }

  /** A new pending pod: active, or gated while it has scheduling gates. */
  public void add(Pod pod) {
    PodInfo info = PodInfo.of(pod);
    lock.lock();
    try {
      if (entries.containsKey(info.uid()) || inFlight.containsKey(info.uid())) {
        updateLocked(info);
        return;
      }
      QueuedPodInfo q = new QueuedPodInfo(info, clock.instant());
      nominator.nominateFromStatus(info);
      if (gated(pod)) {
        q.setGated(true);
        put(new Entry(q, Where.UNSCHEDULABLE));
      } else {
        put(new Entry(q, Where.ACTIVE));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A pending pod changed. A change of anything but status and bookkeeping (its spec, labels,
   * annotations) makes a waiting pod worth another try; status changes (the scheduler's own
   * condition writes) do not.
   */
  public void update(Pod oldPod, Pod newPod) {
    PodInfo info = PodInfo.of(newPod);
    lock.lock();
    try {
      if (!entries.containsKey(info.uid()) && !inFlight.containsKey(info.uid())) {
        add(newPod);
        return;
      }
      if (oldPod == null || meaningfullyChanged(oldPod, newPod)) {
        updateLocked(info);
      } else {
        Entry e = entries.get(info.uid());
        if (e != null) {
          e.info.setPodInfo(info);
        }
      }
      nominator.syncFromStatus(oldPod, info);
    } finally {
      lock.unlock();
    }
  }

  private void updateLocked(PodInfo info) {
    if (inFlight.containsKey(info.uid())) {
      inFlight.put(info.uid(), info);
      updatedInFlight.add(info.uid());
      return;
    }
    Entry e = entries.get(info.uid());
    e.info.setPodInfo(info);
    if (e.where == Where.ACTIVE) {
      // Re-insert: the sort key (priority) may have changed.
      active.remove(e.info);
      active.add(e.info);
      return;
    }
    boolean gatedNow = gated(info.pod());
    e.info.setGated(gatedNow);
    if (e.where == Where.UNSCHEDULABLE && !gatedNow) {
      moveLocked(e);
    }
  }

  /** The pod was deleted, or bound by someone else: it leaves the queue. */
  public void delete(Pod pod) {
    String uid = PodInfo.uidOf(pod);
    lock.lock();
    try {
      Entry e = entries.remove(uid);
      if (e != null) {
        removeFromPlace(e);
      }
      inFlight.remove(uid);
      updatedInFlight.remove(uid);
      nominator.remove(uid);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next pod to schedule, waiting while none is ready (moving pods whose backoff ended).
   *
   * @return the pod, or null once the queue is closed
   */
  public QueuedPodInfo pop() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        QueuedPodInfo q = tryPopLocked();
        if (q != null) {
          return q;
        }
        changed.awaitNanos(nanosUntilNextTimer());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Takes the next ready pod without waiting, or null. */
  public QueuedPodInfo tryPop() {
    lock.lock();
    try {
      return closed ? null : tryPopLocked();
    } finally {
      lock.unlock();
    }
  }

  private QueuedPodInfo tryPopLocked() {
    flushLocked();
    QueuedPodInfo q = active.poll();
    if (q == null) {
      return null;
    }
    entries.remove(q.podInfo().uid());
    inFlight.put(q.podInfo().uid(), q.podInfo());
    schedulingCycle++;
    q.incrementAttempts();
    if (q.initialAttemptTimestamp() == null) {
      q.setInitialAttemptTimestamp(clock.instant());
    }
    return q;
  }

  /** The number of the cycle of the pod popped last. */
  public long schedulingCycle() {
    lock.lock();
    try {
      return schedulingCycle;
    } finally {
      lock.unlock();
    }
  }

  /** The pod's cycle ended with it assumed on a node: it leaves the queue for good. */
  public void done(String uid) {
    lock.lock();
    try {
      inFlight.remove(uid);
      updatedInFlight.remove(uid);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns a pod whose cycle failed. It waits in the unschedulable pool, unless the failure was
   * an error or a cluster event (or an update of the pod) happened during its cycle, in which case
   * it backs off. A pod deleted meanwhile is dropped.
   *
   * @param podCycle the cycle in which the pod was tried
   * @param error whether the failure was an internal error rather than a rejection
   */
  public void requeue(QueuedPodInfo q, long podCycle, boolean error) {
    String uid = q.podInfo().uid();
    lock.lock();
    try {
      PodInfo latest = inFlight.remove(uid);
      boolean updated = updatedInFlight.remove(uid);
      if (latest == null || entries.containsKey(uid)) {
        return;
      }
      q.setPodInfo(latest);
      q.setTimestamp(clock.instant());
      Entry e = new Entry(q, Where.UNSCHEDULABLE);
      if (error || updated || moveRequestCycle >= podCycle) {
        e.where = isBackingOff(q) ? Where.BACKOFF : Where.ACTIVE;
      }
      put(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A cluster event: moves each unschedulable pod that a plugin rejected and registered for this
   * event (and whose hint, if any, says the change may help) to active, or to backoff if it is
   * still backing off.
   */
  public void onEvent(ClusterEvent event, Object oldObj, Object newObj) {
    lock.lock();
    try {
      moveRequestCycle = schedulingCycle;
      List<Entry> toMove = new ArrayList<>();
      for (Entry e : unschedulable.values()) {
        if (!e.info.gated() && worthRetry(e.info, event, oldObj, newObj)) {
          toMove.add(e);
        }
      }
      toMove.forEach(this::moveLocked);
    } finally {
      lock.unlock();
    }
  }

  private boolean worthRetry(QueuedPodInfo q, ClusterEvent event, Object oldObj, Object newObj) {
    Set<String> rejectors = q.unschedulablePlugins();
    if (rejectors.isEmpty()) {
      return true;
    }
    Map<String, List<ClusterEventWithHint>> registered = eventsByProfile.getOrDefault(PodInfo.schedulerNameOf(q.podInfo().pod()), Map.of());
    for (String plugin : rejectors) {
      List<ClusterEventWithHint> regs = registered.get(plugin);
      if (regs == null) {
        // A rejecting plugin that registered nothing is retried on any event.
        return true;
      }
      for (ClusterEventWithHint r : regs) {
        if (r.event().matches(event) && (r.hint() == null || r.hint().shouldQueue(q.podInfo().pod(), oldObj, newObj))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Moves pods whose backoff ended to active, and pods waiting too long in the unschedulable pool to active or backoff. */
  public void flush() {
    lock.lock();
    try {
      flushLocked();
    } finally {
      lock.unlock();
    }
  }

  private void flushLocked() {
    Instant now = clock.instant();
    while (!backoff.isEmpty() && !backoffExpiry(backoff.peek().info).isAfter(now)) {
      Entry e = backoff.poll();
      e.where = Where.ACTIVE;
      active.add(e.info);
    }
    if (now.isBefore(nextLeftoverCheck)) {
      return;
    }
    nextLeftoverCheck = now.plus(LEFTOVER_CHECK_PERIOD);
    List<Entry> stale = new ArrayList<>();
    for (Entry e : unschedulable.values()) {
      if (!e.info.gated() && !e.unschedulableSince.plus(maxInUnschedulable).isAfter(now)) {
        stale.add(e);
      }
    }
    stale.forEach(this::moveLocked);
  }

  private long nanosUntilNextTimer() {
    Instant now = clock.instant();
    Instant next = nextLeftoverCheck.isAfter(now) ? nextLeftoverCheck : now.plus(LEFTOVER_CHECK_PERIOD);
    if (!backoff.isEmpty()) {
      Instant b = backoffExpiry(backoff.peek().info);
      if (b.isBefore(next)) {
        next = b;
      }
    }
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Duration.between(now, next).toNanos());
  }

  private void moveLocked(Entry e) {
    removeFromPlace(e);
    e.where = isBackingOff(e.info) ? Where.BACKOFF : Where.ACTIVE;
    place(e);
  }

  private void put(Entry e) {
    entries.put(e.info.podInfo().uid(), e);
    place(e);
  }

  private void place(Entry e) {
    switch (e.where) {
      case ACTIVE -> {
        active.add(e.info);
        changed.signalAll();
      }
      case BACKOFF -> {
        backoff.add(e);
        changed.signalAll();
      }
      case UNSCHEDULABLE -> {
        e.unschedulableSince = clock.instant();
        unschedulable.put(e.info.podInfo().uid(), e);
      }
    }
  }

  private void removeFromPlace(Entry e) {
    switch (e.where) {
      case ACTIVE -> active.remove(e.info);
      case BACKOFF -> backoff.remove(e);
      case UNSCHEDULABLE -> unschedulable.remove(e.info.podInfo().uid());
    }
  }

  private boolean isBackingOff(QueuedPodInfo q) {
    return q.attempts() > 0 && backoffExpiry(q).isAfter(clock.instant());
  }

  /** When the pod's backoff ends: its last queue time plus initial × 2^(attempts−1), capped at the maximum. */
  Instant backoffExpiry(QueuedPodInfo q) {
    return q.timestamp().plus(backoffDuration(q.attempts()));
  }

  Duration backoffDuration(int attempts) {
    if (attempts <= 0) {
      return Duration.ZERO;
    }
    Duration d = initialBackoff;
    for (int i = 1; i < attempts; i++) {
      d = d.multipliedBy(2);
      if (d.compareTo(maxBackoff) >= 0) {
        return maxBackoff;
      }
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** Counts of pods per place: active, backoff, unschedulable (gated included), in flight. */
  public record Counts(int active, int backoff, int unschedulable, int inFlight) {}

  public Counts counts() {
    lock.lock();
    try {
      return new Counts(active.size(), backoff.size(), unschedulable.size(), inFlight.size());
    } finally {
      lock.unlock();
    }
  }

  /** Whether the pod is queued anywhere or in flight. */
  public boolean contains(String uid) {
    lock.lock();
    try {
      return entries.containsKey(uid) || inFlight.containsKey(uid);
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@link #pop()} callers, which then return null. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static boolean gated(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
  }

  /** Whether anything but status and bookkeeping (resourceVersion, generation, managed fields) differs. */
  static boolean meaningfullyChanged(Pod a, Pod b) {
    var ma = a.getMetadata();
    var mb = b.getMetadata();
    return !Objects.equals(a.getSpec(), b.getSpec()) || !Objects.equals(ma.getLabels(), mb.getLabels())
        || !Objects.equals(ma.getAnnotations(), mb.getAnnotations()) || !Objects.equals(ma.getDeletionTimestamp(), mb.getDeletionTimestamp())
        || !Objects.equals(ma.getOwnerReferences(), mb.getOwnerReferences()) || !Objects.equals(ma.getFinalizers(), mb.getFinalizers());
  }
}
