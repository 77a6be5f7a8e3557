package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The history of one key in memory: which revisions changed it, grouped into generations.
 *
 * <p>A generation is one life of the key, from the put that created it to the deletion that ended
 * it. For example, put at 2, put at 5, delete at 7, put at 9 gives two generations:
 *
 * <pre>
 *   {created 2, revisions [2, 5, 7(tombstone)]}
 *   {created 9, revisions [9]}            (open: the key exists now)
 * </pre>
 *
 * Reading the key at revision 6 finds 5 (version 2, created at 2); at 8 finds nothing; at 9 finds 9
 * (version 1, created at 9). Compacting at 8 drops the first generation entirely, because the key
 * did not exist at 8; compacting at 6 keeps 5 and 7 (5 is the state at 6) and drops 2.
 *
 * <p>Not thread-safe: {@link TreeIndex} guards it.
 */
final class KeyIndex {

  /** The state of a key at some revision: the change that wrote it, its creation and version. */
  record Found(Revision revision, long createRevision, long version) {}

  private static final class Generation {
    final long createRevision;
    // Puts since creation, compacted ones included: the version of the newest put.
    long version;
    final ArrayList<Revision> revisions = new ArrayList<>(2);
    boolean tombstoned;

    Generation(long createRevision) {
      this.createRevision = createRevision;
    }

    /** Index of the last revision with main revision at most {@code atRev}, or -1. */
    int lastAtOrBefore(long atRev) {
      int lo = 0;
      int hi = revisions.size() - 1;
      int found = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (revisions.get(mid).main() <= atRev) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found;
    }

    long versionAt(int index) {
      int putsAfter = revisions.size() - 1 - index - (tombstoned ? 1 : 0);
      return version - putsAfter;
    }
  }

  private final Bytes key;
  private final ArrayList<Generation> generations = new ArrayList<>(1);

  KeyIndex(Bytes key) {
    this.key = key;
  }

  Bytes key() {
    return key;
  }

  /** The key's state after its latest change, or null if it does not exist now. */
  Found latest() {
    if (generations.isEmpty()) {
      return null;
    }
    Generation g = generations.getLast();
    if (g.tombstoned) {
      return null;
    }
    int last = g.revisions.size() - 1;
    return new Found(g.revisions.get(last), g.createRevision, g.version);
  }

  /** The key's state at main revision {@code atRev}, or null if it did not exist then. */
  Found at(long atRev) {
    for (int gi = generations.size() - 1; gi >= 0; gi--) {
      Generation g = generations.get(gi);
      int i = g.lastAtOrBefore(atRev);
      if (i < 0) {
        continue;
      }
      if (g.tombstoned && i == g.revisions.size() - 1) {
        return null;
      }
      return new Found(g.revisions.get(i), g.createRevision, g.versionAt(i));
    }
    return null;
  }

  /** Records a put; returns the key's state after it. */
  Found put(Revision revision) {
    Generation g = generations.isEmpty() ? null : generations.getLast();
    if (g == null || g.tombstoned) {
      g = new Generation(revision.main());
      generations.add(g);
    }
    g.revisions.add(revision);
    g.version++;
    return new Found(revision, g.createRevision, g.version);
  }

  /** Records a deletion; the key must exist. */
  void tombstone(Revision revision) {
    Generation g = generations.isEmpty() ? null : generations.getLast();
    if (g == null || g.tombstoned) {
      throw new IllegalStateException("tombstone of absent key " + key + " at " + revision);
    }
    g.revisions.add(revision);
    g.tombstoned = true;
  }

  /**
   * Rebuilds history at start-up from a stored change; changes arrive in revision order.
   *
   * @param version the version stored with a put (ignored for tombstones)
   * @param createRevision the creation revision stored with a put
   * @return false for a tombstone that ends no live generation
   */
  boolean restore(Revision revision, boolean tombstone, long createRevision, long version) {
    Generation g = generations.isEmpty() ? null : generations.getLast();
    if (tombstone) {
      if (g == null || g.tombstoned) {
        // A tombstone without a live generation is a leftover of a compaction; nothing to index.
        return false;
      }
      g.revisions.add(revision);
      g.tombstoned = true;
      return true;
    }
    if (g == null || g.tombstoned) {
      g = new Generation(createRevision);
      generations.add(g);
    }
    g.revisions.add(revision);
    g.version = version;
    return true;
  }

  /**
   * Forgets the history that no read at {@code atRev} or later needs: every change older than the
   * key's state at {@code atRev}, and that state too if it is a deletion.
   *
   * @param obsolete receives the revisions whose stored changes can be deleted now
   * @param deferred receives a tombstone at exactly {@code atRev}, which watchers starting at
   *     {@code atRev} still need: delete it at the next compaction
   * @return true if nothing of the key remains
   */
  boolean compact(long atRev, Consumer<Revision> obsolete, List<Revision> deferred) {
    int keepGeneration = -1;
    int keepIndex = -1;
    for (int gi = generations.size() - 1; gi >= 0; gi--) {
      int i = generations.get(gi).lastAtOrBefore(atRev);
      if (i >= 0) {
        keepGeneration = gi;
        keepIndex = i;
        break;
      }
    }
    if (keepGeneration < 0) {
      return false;
    }
    for (int gi = 0; gi < keepGeneration; gi++) {
      generations.get(gi).revisions.forEach(obsolete);
    }
    generations.subList(0, keepGeneration).clear();
    Generation g = generations.getFirst();
    List<Revision> older = g.revisions.subList(0, keepIndex);
    older.forEach(obsolete);
    older.clear();
    if (g.tombstoned && g.revisions.size() == 1) {
      Revision tomb = g.revisions.getFirst();
      if (tomb.main() < atRev) {
        obsolete.accept(tomb);
      } else {
        deferred.add(tomb);
      }
      generations.removeFirst();
    }
    return generations.isEmpty();
  }

  boolean isEmpty() {
    return generations.isEmpty();
  }
}
