package dev.ketch.controllers.time;

import java.time.Instant;

/**
 * The time controllers see: a monotonic reading for delays and back-off, and wall time for
 * timestamps they write. Injected everywhere so tests drive time with a {@link FakeClock} and
 * never sleep.
 *
 * <p>Implementations are thread-safe.
 */
public interface Clock {

  /** A monotonic reading in nanoseconds, for measuring intervals only (as {@link System#nanoTime()}). */
  long nanoTime();

  /** Wall-clock time, for timestamps written to objects and events. */
  Instant now();

  /**
   * Registers {@code listener} to run after this clock's time jumps forward, so that code waiting
   * for a deadline of this clock re-checks it. The system clock never jumps and never calls it; a
   * {@link FakeClock} calls it from the thread that advances it.
   *
   * @return removes the listener
   */
  default Runnable onAdvance(Runnable listener) {
    return () -> {};
  }

  /**
   * How long, in real nanoseconds, a thread should block before re-checking a deadline that is
   * {@code clockNanos} of this clock away. The system clock answers {@code clockNanos}; a clock
   * that only moves when told to answers {@link Long#MAX_VALUE}, meaning "until {@link
   * #onAdvance} wakes you".
   */
  default long realWaitNanos(long clockNanos) {
    return clockNanos;
  }

  /** The system's monotonic and wall clocks. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
