package dev.ketch.controllers.pods;

import dev.ketch.controllers.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Upstream's ControllerExpectations: how many creations and deletions a controller issued for a
 * key that its informer has not shown it yet. While any are outstanding the cache is known to be
 * behind, so the controller must not count pods and act again (it would create twice). Each
 * expectation expires after 5 minutes, in case an event was missed.
 *
 * <p>Thread-safe.
 *
 * @param <K> the controller's key type
 */
public final class Expectations<K> {

  private static final Duration TTL = Duration.ofMinutes(5);

  private record Pending(int adds, int deletes, long setAt) {}

  private final Clock clock;
  private final ConcurrentMap<K, Pending> pending = new ConcurrentHashMap<>();

  public Expectations(Clock clock) {
    this.clock = clock;
  }

  /** Whether the cache has caught up with what was issued for {@code key} (or the expectation expired). */
  public boolean satisfied(K key) {
    Pending p = pending.get(key);
    if (p == null) {
      return true;
    }
    if (p.adds <= 0 && p.deletes <= 0) {
      return true;
    }
    return clock.nanoTime() - p.setAt > TTL.toNanos();
  }

  /** Expects {@code adds} creations and {@code deletes} deletions for {@code key}, replacing what was expected. */
  public void expect(K key, int adds, int deletes) {
    pending.put(key, new Pending(adds, deletes, clock.nanoTime()));
  }

  public void expectCreations(K key, int adds) {
    expect(key, adds, 0);
  }

  public void expectDeletions(K key, int deletes) {
    expect(key, 0, deletes);
  }

  /** One expected creation was seen (or will never be: the create failed). */
  public void creationObserved(K key) {
    pending.computeIfPresent(key, (k, p) -> new Pending(p.adds - 1, p.deletes, p.setAt));
  }

  /** One expected deletion was seen (or will never be). */
  public void deletionObserved(K key) {
    pending.computeIfPresent(key, (k, p) -> new Pending(p.adds, p.deletes - 1, p.setAt));
  }

  /** Forgets {@code key}, e.g. when its object is deleted. */
  public void forget(K key) {
    pending.remove(key);
  }
}
