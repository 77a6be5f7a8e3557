package dev.ketch.controllers.garbagecollector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set (least recently used go first). Thread-safe. Used for owners verified not to
 * exist, so that the dependents of a deleted owner do not each ask the API again (keyed by the
 * full identity, since a reference with the wrong kind or namespace must not make the real owner
 * look absent), and for the uids of owners deleted with the orphan policy.
 */
final class LruSet<K> {

  private final Map<K, Boolean> entries;

  LruSet(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void add(K id) {
    entries.put(id, Boolean.TRUE);
  }

  synchronized boolean has(K id) {
    return entries.containsKey(id);
  }
}
