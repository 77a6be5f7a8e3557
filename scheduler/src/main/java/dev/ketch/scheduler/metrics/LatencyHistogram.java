package dev.ketch.scheduler.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in logarithmic buckets (about 4% wide, from 1 µs to about 20 minutes), so percentiles
 * come with a bounded relative error and recording costs one atomic add. Thread-safe.
 */
public final class LatencyHistogram {

  private static final double GROWTH = 1.04;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  private static final long MIN_NANOS = 1_000;
  private static final int BUCKETS = 720;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder count = new LongAdder();
  private final LongAdder sumNanos = new LongAdder();

  public void record(long nanos) {
    int b = nanos <= MIN_NANOS ? 0 : (int) Math.min(BUCKETS - 1, Math.ceil(Math.log((double) nanos / MIN_NANOS) / LOG_GROWTH));
    counts.incrementAndGet(b);
    count.increment();
    sumNanos.add(nanos);
  }

  public long count() {
    return count.sum();
  }

  /** The mean in nanoseconds, 0 when empty. */
  public double meanNanos() {
    long n = count.sum();
    return n == 0 ? 0 : (double) sumNanos.sum() / n;
  }

  /** The upper bound (nanoseconds) of the bucket holding the {@code p}-th percentile (0–100); 0 when empty. */
  public long percentileNanos(double p) {
    long total = 0;
    long[] snapshot = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p / 100 * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= Math.max(1, rank)) {
        return (long) (MIN_NANOS * Math.pow(GROWTH, i));
      }
    }
    return (long) (MIN_NANOS * Math.pow(GROWTH, BUCKETS - 1));
  }

  /** Forgets everything recorded. */
  public void reset() {
    for (int i = 0; i < BUCKETS; i++) {
      counts.set(i, 0);
    }
    count.reset();
    sumNanos.reset();
  }
}
