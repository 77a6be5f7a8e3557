package dev.ketch.controllers.framework;

/**
 * What a controller does for one key. Level-triggered: it reads the current state (from informer
 * caches, or the API where a stale read would be unsafe), makes the world match, and must give
 * the same outcome when called again with nothing changed. It treats a missing object as deleted,
 * and copies a cached object before changing it.
 *
 * <p>Called from several worker threads, but never for the same key at once.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface Reconciler<K> {

  /**
   * Reconciles {@code key}.
   *
   * @return what to do with the key next
   * @throws Exception to have the key retried after its rate-limited back-off
   */
  Result reconcile(K key) throws Exception;
}
