package dev.ketch.controllers.events;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What client-go's EventCorrelator does before an event is posted, so that a controller in
 * trouble does not flood the API:
 *
 * <ul>
 *   <li>a spam filter: per source and involved object, a token bucket of 25 events refilled at
 *       one per 5 minutes; events beyond it are dropped;
 *   <li>an aggregator: once 10 events of the same object, type and reason but different messages
 *       come within 10 minutes, the next ones are folded into one event whose message starts
 *       {@code (combined from similar events): } and whose count goes up.
 * </ul>
 *
 * <p>Identical repeats are counted on the Event already posted by the recorder. Not thread-safe:
 * used by a recorder's one posting thread.
 */
final class EventCorrelator {

  /** The message key an aggregated event is counted under. */
  static final String AGGREGATED = "\u0000aggregated";
  static final String COMBINED_PREFIX = "(combined from similar events): ";

  private static final int MAX_SIMILAR = 10;
  private static final Duration SIMILAR_WINDOW = Duration.ofMinutes(10);
  private static final int SPAM_BURST = 25;
  private static final double SPAM_REFILL_PER_SECOND = 1.0 / 300;
  private static final int MAX_REMEMBERED = 4096;

  /** An event as it should be posted: its message, and the message key it is counted under. */
  record Correlated(String message, String countKey) {}

  /** Events of one object with one type and reason. */
  record Similar(String namespace, String kind, String name, String uid, String type, String reason) {}

  private record Aggregate(Set<String> messages, long last) {}

  private record Bucket(double tokens, long last) {}

  private final Clock clock;
  private final Map<Similar, Aggregate> aggregates = lru();
  private final Map<String, Bucket> buckets = lru();

  EventCorrelator(Clock clock) {
    this.clock = clock;
  }

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_REMEMBERED;
      }
    };
  }

  /** The event to post for {@code message}, or null if the spam filter drops it. */
  Correlated correlate(Similar similar, String message) {
    long now = clock.nanoTime();
    if (!allow(similar, now)) {
      return null;
    }
    Aggregate a = aggregates.get(similar);
    if (a == null || now - a.last() > SIMILAR_WINDOW.toNanos()) {
      a = new Aggregate(new HashSet<>(), now);
    }
    Set<String> messages = a.messages();
    messages.add(message);
    aggregates.put(similar, new Aggregate(messages, now));
    if (messages.size() < MAX_SIMILAR) {
      return new Correlated(message, message);
    }
    // Keep the set from growing: forget one message, as upstream does.
    messages.remove(messages.stream().filter(m -> !Objects.equals(m, message)).findAny().orElse(message));
    return new Correlated(COMBINED_PREFIX + message, AGGREGATED);
  }

  private boolean allow(Similar s, long now) {
    String key = s.namespace() + "/" + s.kind() + "/" + s.name() + "/" + s.uid();
    Bucket b = buckets.get(key);
    double tokens = b == null ? SPAM_BURST : Math.min(SPAM_BURST, b.tokens() + (now - b.last()) / 1e9 * SPAM_REFILL_PER_SECOND);
    if (tokens < 1) {
      buckets.put(key, new Bucket(tokens, now));
      return false;
    }
    buckets.put(key, new Bucket(tokens - 1, now));
    return true;
  }
}
