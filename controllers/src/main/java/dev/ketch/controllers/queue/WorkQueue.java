package dev.ketch.controllers.queue;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rate-limited, delaying work queue of keys, with client-go's workqueue guarantees:
 *
 * <ul>
 *   <li>an item added while it is already queued is queued once (dirty set);
 *   <li>an item is handed to one worker at a time: added again while a worker has it, it is
 *       queued only when that worker calls {@link #done} (processing set);
 *   <li>{@link #addAfter} holds an item until its time, keeping the earliest time when added
 *       again; {@link #addRateLimited} asks the {@link RateLimiter} how long.
 * </ul>
 *
 * <p>Workers loop: {@link #get()}, process, then {@link #forget} on success or {@link
 * #addRateLimited} on failure, and always {@link #done}. After {@link #shutDown()} adds are
 * ignored, delayed items dropped, and {@code get} returns what is still queued and then null.
 *
 * <p>Thread-safe. Owns no threads: waiting happens in the threads that call {@code get}, timed by
 * the injected {@link Clock} (a fake clock wakes them when advanced).
 *
 * @param <T> the item type; items are compared with {@code equals} and must not change
 */
public final class WorkQueue<T> {

  private record Waiting<T>(T item, long readyAt, long seq) {}

  private final String name;
  private final Clock clock;
  private final RateLimiter<T> limiter;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final Set<T> dirty = new HashSet<>();
  private final Set<T> processing = new HashSet<>();
  private final PriorityQueue<Waiting<T>> waiting =
      new PriorityQueue<>((a, b) -> a.readyAt != b.readyAt ? Long.compare(a.readyAt, b.readyAt) : Long.compare(a.seq, b.seq));
  private final Map<T, Waiting<T>> waitingByItem = new HashMap<>();
  private final Runnable stopListening;
  private long seq;
  private boolean shuttingDown;

  public WorkQueue(String name, RateLimiter<T> limiter, Clock clock) {
    this.name = name;
    this.limiter = limiter;
    this.clock = clock;
    this.stopListening = clock.onAdvance(this::wakeAll);
  }

  /** A queue with {@link RateLimiter#defaultController client-go's default limiter}. */
  public static <T> WorkQueue<T> withDefaultRateLimiter(String name, Clock clock) {
    return new WorkQueue<>(name, RateLimiter.defaultController(clock), clock);
  }

  public String name() {
    return name;
  }

  /** Queues {@code item} now, unless it is already queued. */
  public void add(T item) {
    lock.lock();
    try {
      addLocked(item);
    } finally {
      lock.unlock();
    }
  }

  private void addLocked(T item) {
    if (shuttingDown || !dirty.add(item)) {
      return;
    }
    if (processing.contains(item)) {
      // Queued again when the worker that has it calls done.
      return;
    }
    queue.addLast(item);
    changed.signal();
  }

  /** Queues {@code item} once {@code delay} has passed; an earlier pending time wins. */
  public void addAfter(T item, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(item);
      return;
    }
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      long readyAt = clock.nanoTime() + delay.toNanos();
      Waiting<T> pending = waitingByItem.get(item);
      if (pending != null) {
        if (pending.readyAt <= readyAt) {
          return;
        }
        waiting.remove(pending);
      }
      Waiting<T> w = new Waiting<>(item, readyAt, seq++);
      waiting.add(w);
      waitingByItem.put(item, w);
      // A waiting worker may now have an earlier deadline to wait for.
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code item} after the delay its rate limiter gives, counting one more failure. */
  public void addRateLimited(T item) {
    addAfter(item, limiter.when(item));
  }

  /** Clears {@code item}'s failure history; call it when the item was processed successfully. */
  public void forget(T item) {
    limiter.forget(item);
  }

  /** Failures of {@code item} since it was last forgotten. */
  public int numRequeues(T item) {
    return limiter.numRequeues(item);
  }

  /**
   * Blocks until an item is ready and hands it to the caller, who must call {@link #done} with it.
   *
   * @return the item, or null once the queue is shut down and empty
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public T get() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        T item = takeReadyLocked();
        if (item != null) {
          return item;
        }
        if (shuttingDown) {
          return null;
        }
        Waiting<T> next = waiting.peek();
        if (next == null) {
          changed.await();
        } else {
          long wait = clock.realWaitNanos(next.readyAt - clock.nanoTime());
          if (wait == Long.MAX_VALUE) {
            changed.await();
          } else {
            changed.awaitNanos(wait);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next ready item without blocking, or null if none is ready (or the queue is shut down and
   * empty). Like {@link #get()}, the caller must call {@link #done} with it.
   */
  public T poll() {
    lock.lock();
    try {
      return takeReadyLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Like {@link #get()}, giving up after {@code timeout} with null. */
  public T get(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        T item = takeReadyLocked();
        if (item != null || shuttingDown) {
          return item;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        Waiting<T> next = waiting.peek();
        long wait = next == null ? left : Math.min(left, clock.realWaitNanos(next.readyAt - clock.nanoTime()));
        changed.await(wait, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private T takeReadyLocked() {
    promoteDueLocked();
    T item = queue.pollFirst();
    if (item != null) {
      processing.add(item);
      dirty.remove(item);
    }
    return item;
  }

  private void promoteDueLocked() {
    long now = clock.nanoTime();
    while (!waiting.isEmpty() && waiting.peek().readyAt <= now) {
      Waiting<T> w = waiting.poll();
      waitingByItem.remove(w.item);
      addLocked(w.item);
    }
  }

  /** Marks {@code item} as no longer being processed; queues it again if it was added meanwhile. */
  public void done(T item) {
    lock.lock();
    try {
      processing.remove(item);
      if (dirty.contains(item)) {
        queue.addLast(item);
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting items and wakes every waiting worker. Idempotent. */
  public void shutDown() {
    lock.lock();
    try {
      shuttingDown = true;
      waiting.clear();
      waitingByItem.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    stopListening.run();
  }

  public boolean isShuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }

  /** Items ready to be handed out (not those waiting for their time, nor those being processed). */
  public int length() {
    lock.lock();
    try {
      promoteDueLocked();
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Items waiting for their time. */
  public int waitingCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "WorkQueue[" + name + "]";
  }
}
