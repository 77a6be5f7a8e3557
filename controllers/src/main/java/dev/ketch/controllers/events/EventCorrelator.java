package dev.ketch.controllers.events;

import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a recorder's events from flooding the API, as client-go's EventCorrelator:
 *
 * <ul>
 *   <li><b>spam filter</b>: each object gets a token bucket of 25 events, refilled one every five
 *       minutes; events beyond it are dropped;
 *   <li><b>aggregation</b>: once an object has had 10 events of the same type and reason with
 *       different messages within ten minutes, further ones become one event whose message is
 *       {@code (combined from similar events): <latest message>};
 *   <li><b>deduplication</b>: an event equal to one already posted (or the aggregate) is counted on
 *       that Event ({@code count}, {@code lastTimestamp}) instead of being posted again.
 * </ul>
 *
 * <p>Caches are bounded (LRU, 4096 entries each). Not thread-safe: one recorder thread uses it.
 */
final class EventCorrelator {

  static final int SPAM_BURST = 25;
  static final Duration SPAM_REFILL = Duration.ofMinutes(5);
  static final int MAX_SIMILAR = 10;
  static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(10);
  static final String COMBINED_PREFIX = "(combined from similar events): ";
  private static final int MAX_ENTRIES = 4096;

  /** What to do with an event. */
  sealed interface Decision {}

  /** Drop it: its object has had too many events lately. */
  record Drop() implements Decision {}

  /** Post a new Event with {@code message}; call {@link #posted} with its name once done. */
  record Create(String key, String message) implements Decision {}

  /** Count one more on the Event already posted as {@code name}, now with {@code message}. */
  record Increment(String key, String namespace, String name, int count, String message) implements Decision {}

  private record Bucket(double tokens, long at) {}

  private static final class Similar {
    final Set<String> messages = new LinkedHashSet<>();
    long lastAt;
  }

  private record Posted(String namespace, String name, int count) {}

  private final Clock clock;
  private final Map<String, Bucket> buckets = lru();
  private final Map<String, Similar> similar = lru();
  private final Map<String, Posted> posted = lru();

  EventCorrelator(Clock clock) {
    this.clock = clock;
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }

  Decision correlate(ObjectReference involved, String type, String reason, String message) {
    String object = String.join("\u0000", nz(involved.getKind()), nz(involved.getNamespace()), nz(involved.getName()),
        nz(involved.getUid()), nz(involved.getApiVersion()));
    if (!takeToken(object)) {
      return new Drop();
    }
    String aggregateKey = object + "\u0000" + type + "\u0000" + reason;
    long now = clock.nanoTime();
    Similar s = similar.get(aggregateKey);
    if (s == null || now - s.lastAt > AGGREGATE_INTERVAL.toNanos()) {
      s = new Similar();
      similar.put(aggregateKey, s);
    }
    s.lastAt = now;
    s.messages.add(message);
    String key;
    String finalMessage;
    if (s.messages.size() < MAX_SIMILAR) {
      key = aggregateKey + "\u0000" + message;
      finalMessage = message;
    } else {
      Iterator<String> it = s.messages.iterator();
      it.next();
      it.remove();
      key = aggregateKey;
      finalMessage = COMBINED_PREFIX + message;
    }
    Posted p = posted.get(key);
    if (p != null) {
      return new Increment(key, p.namespace(), p.name(), p.count() + 1, finalMessage);
    }
    return new Create(key, finalMessage);
  }

  /** Records that the Event for {@code key} exists as {@code namespace/name} with {@code count}. */
  void posted(String key, String namespace, String name, int count) {
    posted.put(key, new Posted(namespace, name, count));
  }

  /** Forgets the Event of {@code key} (it was deleted: the next one is posted anew). */
  void forget(String key) {
    posted.remove(key);
  }

  private boolean takeToken(String object) {
    long now = clock.nanoTime();
    Bucket b = buckets.get(object);
    double tokens = b == null ? SPAM_BURST : Math.min(SPAM_BURST, b.tokens() + (now - b.at()) / (double) SPAM_REFILL.toNanos());
    if (tokens < 1) {
      buckets.put(object, new Bucket(tokens, now));
      return false;
    }
    buckets.put(object, new Bucket(tokens - 1, now));
    return true;
  }

  private static String nz(String s) {
    return Objects.requireNonNullElse(s, "");
  }

  /** For tests: the clock's now. */
  Instant now() {
    return clock.now();
  }
}
