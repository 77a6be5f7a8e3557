package dev.ketch.controllers.queue;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Decides how long an item waits before it is retried, as client-go's workqueue rate limiters do.
 * Implementations are thread-safe.
 *
 * @param <T> the item type; items are compared with {@code equals}
 */
public interface RateLimiter<T> {

  /** How long {@code item} should wait now; counts one more failure for it. */
  Duration when(T item);

  /** Stops tracking {@code item}: its next failure starts from the shortest delay again. */
  void forget(T item);

  /** How many times {@code item} has failed since it was last forgotten. */
  int numRequeues(T item);

  /**
   * client-go's default controller rate limiter: the larger of a per-item exponential back-off
   * (5 ms doubling to 1000 s) and an overall token bucket (10 per second, bursts of 100).
   */
  static <T> RateLimiter<T> defaultController(Clock clock) {
    return new MaxOfRateLimiter<>(List.of(
        new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
        new BucketRateLimiter<>(10, 100, clock)));
  }
}
