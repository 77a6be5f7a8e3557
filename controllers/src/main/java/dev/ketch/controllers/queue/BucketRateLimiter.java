package dev.ketch.controllers.queue;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;

/**
 * An overall token bucket shared by all items: {@code burst} tokens, refilled at {@code qps} per
 * second. Each {@link #when} takes a token, reserving one in the future when the bucket is empty
 * (as golang.org/x/time/rate's {@code Reserve}), so a flood of retries is spread out at {@code
 * qps}. Thread-safe.
 *
 * @param <T> the item type (ignored: the bucket is not per item)
 */
public final class BucketRateLimiter<T> implements RateLimiter<T> {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double qps;
  private final int burst;
  private final Clock clock;
  private double tokens;
  private long last;

  public BucketRateLimiter(double qps, int burst, Clock clock) {
    if (qps <= 0 || burst <= 0) {
      throw new IllegalArgumentException("qps and burst must be positive");
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.nanoTime();
  }

  @Override
  public synchronized Duration when(T item) {
    long now = clock.nanoTime();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * qps / NANOS_PER_SECOND);
      last = now;
    }
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens / qps * NANOS_PER_SECOND));
  }

  @Override
  public void forget(T item) {}

  @Override
  public int numRequeues(T item) {
    return 0;
  }
}
