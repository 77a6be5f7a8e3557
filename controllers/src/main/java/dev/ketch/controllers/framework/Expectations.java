package dev.ketch.controllers.framework;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a controller is still waiting to see in its informer caches, as upstream's
 * UIDTrackingControllerExpectations: after asking for N creations (or the deletion of given
 * objects), a controller does not act on the same owner again until the informer has delivered
 * those N adds (or those deletions), so that a stale cache never makes it create or delete twice.
 * A failed request lowers the expectation at once, since no event will come for it. Expectations
 * older than five minutes count as satisfied, so that a lost event delays, but never stops, an
 * owner's reconciliation.
 *
 * <p>Keys are owner keys (e.g. a ReplicaSet's {@code namespace/name}); deletions are tracked by the
 * deleted object's key, so that an object seen twice going away (first its deletionTimestamp, then
 * its removal) counts once. Thread-safe.
 *
 * @param <K> the owner key type
 */
public final class Expectations<K> {

  /** Upstream's ExpectationsTimeout. */
  public static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static final class Entry {
    long adds;
    long deletes;
    long setAt;
    final Set<String> deleting = new HashSet<>();
  }

  private final Clock clock;
  private final Map<K, Entry> entries = new HashMap<>();

  public Expectations(Clock clock) {
    this.clock = clock;
  }

  /**
   * True if the controller may act on {@code key}: nothing is expected, everything expected was
   * seen, or the expectation has expired.
   */
  public synchronized boolean satisfied(K key) {
    Entry e = entries.get(key);
    if (e == null) {
      return true;
    }
    if (e.adds <= 0 && e.deletes <= 0) {
      return true;
    }
    return clock.nanoTime() - e.setAt > TIMEOUT.toNanos();
  }

  /** Expects {@code count} creations for {@code key}, replacing what was expected before. */
  public synchronized void expectCreations(K key, int count) {
    Entry e = fresh(key);
    e.adds = count;
  }

  /** Expects the deletion of the objects {@code deletedKeys} for {@code key}, replacing what was expected. */
  public synchronized void expectDeletions(K key, Set<String> deletedKeys) {
    Entry e = fresh(key);
    e.deletes = deletedKeys.size();
    e.deleting.addAll(deletedKeys);
  }

  private Entry fresh(K key) {
    Entry e = new Entry();
    e.setAt = clock.nanoTime();
    entries.put(key, e);
    return e;
  }

  /** One creation for {@code key} was seen (or failed, so will never be seen). */
  public synchronized void creationObserved(K key) {
    Entry e = entries.get(key);
    if (e != null) {
      e.adds--;
    }
  }

  /** The object {@code deletedKey} of {@code key} was seen going (or its deletion failed); counted once. */
  public synchronized void deletionObserved(K key, String deletedKey) {
    Entry e = entries.get(key);
    if (e != null && e.deleting.remove(deletedKey)) {
      e.deletes--;
    }
  }

  /** Forgets {@code key}, e.g. when its owner is deleted. */
  public synchronized void delete(K key) {
    entries.remove(key);
  }

  /** Creations and deletions still expected for {@code key} (for tests and logs). */
  public synchronized String describe(K key) {
    Entry e = entries.get(key);
    return e == null ? "none" : "adds=" + e.adds + " deletes=" + e.deletes;
  }
}
