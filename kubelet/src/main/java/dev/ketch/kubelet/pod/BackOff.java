package dev.ketch.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential back-off, as client-go's flowcontrol.Backoff that the kubelet uses for
 * container restarts and image pulls: the first {@link #next} gives the initial delay, each later
 * one doubles it up to the maximum; an entry idle for twice the maximum starts over. {@link
 * #inBackOffSince} says whether an event at {@code eventTime} (a container's exit) is still within
 * the key's current delay. Times are passed in, so the clock is the caller's.
 *
 * <p>Thread-safe.
 */
public final class BackOff {

  private record Entry(Duration delay, Instant lastUpdate) {}

  private final Duration initial;
  private final Duration max;
  private final Map<String, Entry> entries = new HashMap<>();

  public BackOff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Upstream's container restart back-off: 10 s doubling to 5 minutes. */
  public static BackOff containerDefaults() {
    return new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  /** Moves the key to its next delay (the initial one if new or expired) as of {@code eventTime}. */
  public synchronized Duration next(String key, Instant eventTime) {
    Entry e = entries.get(key);
    Duration delay;
    if (e == null || expired(e, eventTime)) {
      delay = initial;
    } else {
      delay = e.delay().multipliedBy(2);
      if (delay.compareTo(max) > 0) {
        delay = max;
      }
    }
    entries.put(key, new Entry(delay, eventTime));
    return delay;
  }

  /** The key's current delay, or zero when it has none. */
  public synchronized Duration current(String key, Instant now) {
    Entry e = entries.get(key);
    return e == null || expired(e, now) ? Duration.ZERO : e.delay();
  }

  /** Whether {@code now} is still within the key's delay counted from {@code eventTime}. */
  public synchronized boolean inBackOffSince(String key, Instant eventTime, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(e, now)) {
      return false;
    }
    return Duration.between(eventTime, now).compareTo(e.delay()) < 0;
  }

  /** When the key's delay from {@code eventTime} ends, or null if it has none. */
  public synchronized Instant releaseTime(String key, Instant eventTime, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(e, now)) {
      return null;
    }
    return eventTime.plus(e.delay());
  }

  /** When the key last moved, if it has an entry. */
  public synchronized java.util.Optional<Instant> lastUpdate(String key) {
    Entry e = entries.get(key);
    return e == null ? java.util.Optional.empty() : java.util.Optional.of(e.lastUpdate());
  }

  public synchronized void reset(String key) {
    entries.remove(key);
  }

  /** Forgets every key starting with {@code prefix} (a pod's). */
  public synchronized void forgetPrefix(String prefix) {
    entries.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Drops entries idle for more than twice the maximum. */
  public synchronized void gc(Instant now) {
    entries.values().removeIf(e -> expired(e, now));
  }

  private boolean expired(Entry e, Instant now) {
    return Duration.between(e.lastUpdate(), now).compareTo(max.multipliedBy(2)) > 0;
  }
}
