package dev.ketch.apiserver.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: each address may make {@code burst} requests at once and one
 * more every {@code refill}. Addresses not seen for a while are forgotten (at most {@value
 * #MAX_ADDRESSES} are remembered, the least recently used dropped first). Thread-safe.
 */
final class RequestRate {

  static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final int burst;
  private final Duration refill;
  private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  private static final class Bucket {
    double tokens;
    Instant at;
  }

  RequestRate(Clock clock, int burst, Duration refill) {
    this.clock = clock;
    this.burst = burst;
    this.refill = refill;
  }

  /**
   * Takes a token for {@code address}.
   *
   * @return zero if the request may go ahead, else how long until it may
   */
  synchronized Duration acquire(String address) {
    Instant now = clock.instant();
    Bucket b = buckets.computeIfAbsent(address, a -> {
      Bucket n = new Bucket();
      n.tokens = burst;
      n.at = now;
      return n;
    });
    double earned = (double) Duration.between(b.at, now).toNanos() / refill.toNanos();
    b.tokens = Math.min(burst, b.tokens + Math.max(0, earned));
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) ((1 - b.tokens) * refill.toNanos()));
  }
}
