package dev.ketch.controllers.framework;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for informer caches to hold a complete first list, as client-go's WaitForCacheSync. */
public final class CacheSync {

  private static final Logger log = LoggerFactory.getLogger(CacheSync.class);
  private static final long POLL_MILLIS = 100;
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private CacheSync() {}

  /**
   * Blocks until every {@code synced} answers true, polling every 100 ms (informers offer no
   * callback for it), or until {@code stop} is released.
   *
   * @return true if synced, false if stopped (or interrupted, with the interrupt flag kept) first
   */
  public static boolean await(String controller, List<BooleanSupplier> synced, CountDownLatch stop) {
    long started = System.nanoTime();
    long nextReport = started + REPORT_EVERY.toNanos();
    try {
      while (!synced.stream().allMatch(BooleanSupplier::getAsBoolean)) {
        if (stop.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return false;
        }
        if (System.nanoTime() > nextReport) {
          nextReport += REPORT_EVERY.toNanos();
          log.info("waiting for caches to sync controller={} waitedSeconds={}", controller,
              (System.nanoTime() - started) / 1_000_000_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    log.debug("caches synced controller={} tookMs={}", controller, (System.nanoTime() - started) / 1_000_000);
    return true;
  }
}
