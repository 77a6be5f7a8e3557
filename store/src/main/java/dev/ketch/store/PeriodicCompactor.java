package dev.ketch.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps history bounded, the way kube-apiserver does with etcd: at every tick it notes the store's
 * revision, and compacts at the revision it noted one tick earlier. Watchers therefore always have
 * at least one interval of history to resume from, and history never grows without bound.
 *
 * <p>Works with any {@link KeyValueStore}. Owns one daemon thread.
 */
public final class PeriodicCompactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PeriodicCompactor.class);

  private final KeyValueStore store;
  private final ScheduledExecutorService ticker;
  private long noted;

  private PeriodicCompactor(KeyValueStore store, Duration interval) {
    this.store = store;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ketch-store-compactor").daemon().factory());
    long millis = interval.toMillis();
    ticker.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts compacting {@code store} every {@code interval}. */
  public static PeriodicCompactor start(KeyValueStore store, Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("compaction interval must be positive: " + interval);
    }
    return new PeriodicCompactor(store, interval);
  }

  /** One tick; public so that tests can drive it without waiting. */
  public synchronized void tick() {
    try {
      long current = store.status().revision();
      if (noted > 0) {
        try {
          store.compact(noted);
          log.info("compacted revision={} current={}", noted, current);
        } catch (StoreException.CompactedException e) {
          // Someone compacted at or past it already: nothing to do.
        }
      }
      noted = current;
    } catch (RuntimeException e) {
      log.warn("compaction failed revision={}", noted, e);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
