package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes of one zone waiting for their NoExecute taint, in arrival order, let through at the zone's
 * rate (upstream's RateLimitedTimedQueue): this is what bounds how fast pods are evicted when
 * nodes fail. The rate is swapped as the zone's disruption state changes. Thread-safe.
 */
final class ZoneTainter {

  /** What to do with a node let through: true when done, else the delay before trying it again. */
  interface Action {
    Duration apply(String node);
  }

  private record Entry(String node, String uid, long processAt) {}

  private final Clock clock;
  private final Map<String, Entry> queue = new LinkedHashMap<>();
  private TokenBucket limiter;

  ZoneTainter(Clock clock, double qps) {
    this.clock = clock;
    this.limiter = new TokenBucket(clock, qps, 1);
  }

  synchronized void swapLimiter(double qps) {
    if (limiter.qps() != qps) {
      limiter = new TokenBucket(clock, qps, 1);
    }
  }

  /** Queues {@code node} unless it is queued already; true if it was added. */
  synchronized boolean add(String node, String uid) {
    if (queue.containsKey(node)) {
      return false;
    }
    queue.put(node, new Entry(node, uid, clock.nanoTime()));
    return true;
  }

  synchronized void remove(String node) {
    queue.remove(node);
  }

  synchronized boolean contains(String node) {
    return queue.containsKey(node);
  }

  /**
   * Applies {@code action} to queued nodes in order while the limiter lets them through and their
   * time has come; a node whose action returns a delay goes to the back, due after it.
   */
  void tryAll(Action action) {
    List<Entry> due;
    synchronized (this) {
      due = new ArrayList<>(queue.values());
    }
    long now = clock.nanoTime();
    for (Entry e : due) {
      if (e.processAt() > now) {
        continue;
      }
      synchronized (this) {
        if (!limiter.tryAccept()) {
          return;
        }
      }
      Duration retry = action.apply(e.node());
      synchronized (this) {
        queue.remove(e.node());
        if (retry != null) {
          queue.put(e.node(), new Entry(e.node(), e.uid(), now + retry.toNanos()));
        }
      }
    }
  }
}
