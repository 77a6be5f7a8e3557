package dev.ketch.controllers.job;

import dev.ketch.controllers.framework.ObjectKey;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The pods (by uid) whose tracking finalizer a Job's sync removed and the informer has not yet
 * shown without it (upstream's uidTrackingExpectations): until it does, the cache still shows the
 * finalizer and the pod must not be counted again. Thread-safe.
 */
final class FinalizerExpectations {

  private final ConcurrentMap<ObjectKey, Set<String>> expected = new ConcurrentHashMap<>();

  Set<String> get(ObjectKey key) {
    Set<String> uids = expected.get(key);
    synchronized (this) {
      return uids == null ? Set.of() : Set.copyOf(uids);
    }
  }

  synchronized void expectRemoved(ObjectKey key, Collection<String> uids) {
    expected.computeIfAbsent(key, k -> new HashSet<>()).addAll(uids);
  }

  synchronized void removalObserved(ObjectKey key, String uid) {
    Set<String> uids = expected.get(key);
    if (uids != null) {
      uids.remove(uid);
      if (uids.isEmpty()) {
        expected.remove(key);
      }
    }
  }

  void forget(ObjectKey key) {
    expected.remove(key);
  }
}
