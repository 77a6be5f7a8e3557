package dev.ketch.controllers.time;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits for a time of a {@link Clock} in the calling thread, until woken by {@link #stop()}: with
 * the system clock a timed wait, with a {@link FakeClock} until a test advances it far enough.
 * Thread-safe; owns no thread.
 */
public final class Sleeper implements AutoCloseable {

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Runnable stopListening;
  private boolean stopped;

  public Sleeper(Clock clock) {
    this.clock = clock;
    this.stopListening = clock.onAdvance(this::wake);
  }

  /**
   * Sleeps for {@code d} of the clock's time.
   *
   * @return false if stopped (before or while sleeping), true when the time has come
   * @throws InterruptedException if the thread is interrupted
   */
  public boolean sleep(Duration d) throws InterruptedException {
    long deadline = clock.nanoTime() + d.toNanos();
    lock.lock();
    try {
      while (!stopped) {
        long left = deadline - clock.nanoTime();
        if (left <= 0) {
          return true;
        }
        long wait = clock.realWaitNanos(left);
        if (wait == Long.MAX_VALUE) {
          changed.await();
        } else {
          changed.await(wait, TimeUnit.NANOSECONDS);
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every sleeper and makes later sleeps return false at once. Idempotent. */
  public void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isStopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    stop();
    stopListening.run();
  }
}
