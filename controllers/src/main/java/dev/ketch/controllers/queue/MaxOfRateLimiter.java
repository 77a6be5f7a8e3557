package dev.ketch.controllers.queue;

import java.time.Duration;
import java.util.List;

/**
 * The longest delay of several limiters; every limiter sees every call. Thread-safe if they are.
 *
 * @param <T> the item type
 */
public final class MaxOfRateLimiter<T> implements RateLimiter<T> {

  private final List<RateLimiter<T>> limiters;

  public MaxOfRateLimiter(List<RateLimiter<T>> limiters) {
    if (limiters.isEmpty()) {
      throw new IllegalArgumentException("at least one limiter");
    }
    this.limiters = List.copyOf(limiters);
  }

  @Override
  public Duration when(T item) {
    Duration longest = Duration.ZERO;
    for (RateLimiter<T> l : limiters) {
      Duration d = l.when(item);
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest;
  }

  @Override
  public void forget(T item) {
    limiters.forEach(l -> l.forget(item));
  }

  @Override
  public int numRequeues(T item) {
    int most = 0;
    for (RateLimiter<T> l : limiters) {
      most = Math.max(most, l.numRequeues(item));
    }
    return most;
  }
}
