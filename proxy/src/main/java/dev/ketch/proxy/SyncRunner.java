package dev.ketch.proxy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sync on its own thread when asked, at most once per {@code minInterval} (changes arriving
 * meanwhile are folded into the next run), and every {@code resyncInterval} regardless, so that
 * rules someone else changed are put back. A failed run is retried after {@code minInterval}
 * doubled up to ten seconds. Thread-safe.
 */
final class SyncRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  private final Runnable sync;
  private final long minIntervalMillis;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> pending;
  private long lastRunNanos;
  private long backoffMillis;
  private long runs;

  SyncRunner(String name, Runnable sync, Duration minInterval, Duration resyncInterval) {
    this.sync = sync;
    this.minIntervalMillis = minInterval.toMillis();
    this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    long resync = resyncInterval.toMillis();
    executor.scheduleWithFixedDelay(this::request, resync, resync, TimeUnit.MILLISECONDS);
  }

  /** Asks for a sync soon. */
  synchronized void request() {
    if (pending != null && !pending.isDone()) {
      return;
    }
    long sinceLast = (System.nanoTime() - lastRunNanos) / 1_000_000;
    long delay = Math.max(backoffMillis, lastRunNanos == 0 ? 0 : Math.max(0, minIntervalMillis - sinceLast));
    pending = executor.schedule(this::run, delay, TimeUnit.MILLISECONDS);
  }

  private void run() {
    synchronized (this) {
      pending = null;
      lastRunNanos = System.nanoTime();
    }
    try {
      sync.run();
      synchronized (this) {
        backoffMillis = 0;
        runs++;
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(minIntervalMillis, 100) * 2 + backoffMillis);
      }
      log.atWarn().addKeyValue("retryInMs", backoffMillis).addKeyValue("error", e.getMessage()).log("proxy sync failed");
      request();
    }
  }

  synchronized long runs() {
    return runs;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
