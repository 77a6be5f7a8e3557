package dev.ketch.controllers.daemonset;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * client-go's flowcontrol.Backoff as the DaemonSet controller uses it for failed pods, per
 * DaemonSet and node: 1 s doubling to 15 minutes, starting over after twice the maximum without a
 * failure. It stops a pod that keeps failing on one node from being killed and recreated in a
 * hot loop. Thread-safe.
 */
final class FailedPodBackoff {

  private record Entry(Duration delay, long lastUpdate) {}

  private final Clock clock;
  private final Duration initial;
  private final Duration max;
  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  FailedPodBackoff(Clock clock, Duration initial, Duration max) {
    this.clock = clock;
    this.initial = initial;
    this.max = max;
  }

  /** Whether less than the current delay has passed since the last failure of {@code key}. */
  boolean inBackoff(String key) {
    Entry e = entries.get(key);
    return e != null && clock.nanoTime() - e.lastUpdate < e.delay.toNanos();
  }

  /** The current delay of {@code key}. */
  Duration delay(String key) {
    Entry e = entries.get(key);
    return e == null ? Duration.ZERO : e.delay;
  }

  /** Records one more failure of {@code key}, doubling its delay. */
  void next(String key) {
    long now = clock.nanoTime();
    entries.compute(key, (k, e) -> {
      if (e == null || now - e.lastUpdate > 2 * max.toNanos()) {
        return new Entry(initial, now);
      }
      Duration doubled = e.delay.multipliedBy(2);
      return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
    });
  }

  /** Forgets every entry of one DaemonSet (its keys start with {@code prefix}). */
  void forget(String prefix) {
    entries.keySet().removeIf(k -> k.startsWith(prefix));
  }
}
