package dev.ketch.controllers.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test {@link #advance advances} it. Code waiting for one of
 * its deadlines is woken by {@link #onAdvance} listeners, so tests need no sleeps. Thread-safe.
 */
public final class FakeClock implements Clock {

  private final AtomicLong nanos = new AtomicLong();
  private final Instant epoch;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public FakeClock(Instant start) {
    this.epoch = start;
  }

  /** Starts at 2025-01-01T00:00:00Z. */
  public FakeClock() {
    this(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return epoch.plusNanos(nanos.get());
  }

  /** Moves time forward by {@code d} and then runs the listeners on this thread. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + d);
    }
    nanos.addAndGet(d.toNanos());
    listeners.forEach(Runnable::run);
  }

  /** Forever: waiting for this clock only ends when it is advanced. */
  @Override
  public long realWaitNanos(long clockNanos) {
    return Long.MAX_VALUE;
  }

  @Override
  public Runnable onAdvance(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
