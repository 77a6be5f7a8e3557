package dev.ketch.controllers.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-item exponential back-off: {@code base * 2^failures}, capped at {@code max}. Thread-safe.
 *
 * @param <T> the item type
 */
public final class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {

  private final long baseNanos;
  private final Duration max;
  private final Map<T, Integer> failures = new HashMap<>();

  public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
    if (base.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("delays must not be negative");
    }
    this.baseNanos = base.toNanos();
    this.max = max;
  }

  @Override
  public synchronized Duration when(T item) {
    int exp = failures.merge(item, 1, Integer::sum) - 1;
    // In double arithmetic so that a long history cannot overflow before the cap applies.
    double backoff = baseNanos * Math.pow(2, exp);
    if (backoff >= max.toNanos()) {
      return max;
    }
    return Duration.ofNanos((long) backoff);
  }

  @Override
  public synchronized void forget(T item) {
    failures.remove(item);
  }

  @Override
  public synchronized int numRequeues(T item) {
    return failures.getOrDefault(item, 0);
  }
}
