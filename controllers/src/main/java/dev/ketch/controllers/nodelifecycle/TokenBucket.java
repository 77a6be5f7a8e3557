package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.time.Clock;

/**
 * A token bucket that answers at once (client-go's TryAccept): a token is taken if one is there.
 * A rate of zero accepts nothing. Thread-safe.
 */
final class TokenBucket {

  private final Clock clock;
  private final double qps;
  private final int burst;
  private double tokens;
  private long last;

  TokenBucket(Clock clock, double qps, int burst) {
    this.clock = clock;
    this.qps = qps;
    this.burst = burst;
    this.tokens = qps > 0 ? burst : 0;
    this.last = clock.nanoTime();
  }

  double qps() {
    return qps;
  }

  synchronized boolean tryAccept() {
    if (qps <= 0) {
      return false;
    }
    long now = clock.nanoTime();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * qps / 1e9);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
