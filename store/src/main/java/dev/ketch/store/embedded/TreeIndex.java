package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import dev.ketch.store.KeyRange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Every key's {@link KeyIndex}, ordered by key.
 *
 * <p>Thread-safety: one writer (the store's write loop, or the restore before it starts) and any
 * number of readers, separated by a read-write lock. Readers pass the revision they read at, so
 * they ignore changes the writer has indexed but not yet committed.
 */
final class TreeIndex {

  /** Visits keys found in a range, in key order; returns false to stop. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(Bytes key, KeyIndex.Found found);
  }

  private final TreeMap<Bytes, KeyIndex> tree = new TreeMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  KeyIndex.Found get(Bytes key, long atRev) {
    lock.readLock().lock();
    try {
      KeyIndex ki = tree.get(key);
      return ki == null ? null : ki.at(atRev);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Visits every key that exists at {@code atRev} in {@code range}, in key order. */
  void range(KeyRange range, long atRev, Visitor visitor) {
    lock.readLock().lock();
    try {
      if (range.isSingleKey()) {
        KeyIndex ki = tree.get(range.key());
        KeyIndex.Found found = ki == null ? null : ki.at(atRev);
        if (found != null) {
          visitor.visit(ki.key(), found);
        }
        return;
      }
      for (KeyIndex ki : view(range).values()) {
        KeyIndex.Found found = ki.at(atRev);
        if (found != null && !visitor.visit(ki.key(), found)) {
          return;
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private NavigableMap<Bytes, KeyIndex> view(KeyRange range) {
    if (range.isOpenEnded()) {
      return tree.tailMap(range.key(), true);
    }
    if (range.key().compareTo(range.rangeEnd()) >= 0) {
      return new TreeMap<>();
    }
    return tree.subMap(range.key(), true, range.rangeEnd(), false);
  }

  /** The state of every key in the range now (including uncommitted changes); writer only. */
  List<KeyIndex.Found> latestInRange(KeyRange range, List<Bytes> keys) {
    List<KeyIndex.Found> out = new ArrayList<>();
    lock.readLock().lock();
    try {
      Iterable<KeyIndex> candidates =
          range.isSingleKey()
              ? (tree.containsKey(range.key()) ? List.of(tree.get(range.key())) : List.of())
              : view(range).values();
      for (KeyIndex ki : candidates) {
        KeyIndex.Found found = ki.latest();
        if (found != null) {
          out.add(found);
          keys.add(ki.key());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  KeyIndex.Found put(Bytes key, Revision revision) {
    lock.writeLock().lock();
    try {
      return tree.computeIfAbsent(key, KeyIndex::new).put(revision);
    } finally {
      lock.writeLock().unlock();
    }
  }

  void tombstone(Bytes key, Revision revision) {
    lock.writeLock().lock();
    try {
      KeyIndex ki = tree.get(key);
      if (ki == null) {
        throw new IllegalStateException("tombstone of unknown key " + key);
      }
      ki.tombstone(revision);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Start-up only, before any reader: see {@link KeyIndex#restore}.
   *
   * @return false for a tombstone of a key with no live generation, which only an interrupted
   *     compaction leaves behind
   */
  boolean restore(Bytes key, Revision revision, boolean tombstone, long createRevision, long version) {
    KeyIndex ki = tree.get(key);
    if (ki == null) {
      if (tombstone) {
        return false;
      }
      ki = new KeyIndex(key);
      tree.put(key, ki);
    }
    return ki.restore(revision, tombstone, createRevision, version);
  }

  /**
   * Forgets history no read at {@code atRev} or later needs; see {@link KeyIndex#compact}. Holds
   * the write lock for one pass over the keys.
   */
  void compact(long atRev, Consumer<Revision> obsolete, List<Revision> deferred) {
    lock.writeLock().lock();
    try {
      Iterator<Map.Entry<Bytes, KeyIndex>> it = tree.entrySet().iterator();
      while (it.hasNext()) {
        if (it.next().getValue().compact(atRev, obsolete, deferred)) {
          it.remove();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  int size() {
    lock.readLock().lock();
    try {
      return tree.size();
    } finally {
      lock.readLock().unlock();
    }
  }
}
