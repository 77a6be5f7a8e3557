package dev.ketch.store.embedded;

import dev.ketch.store.Event;
import dev.ketch.store.KeyValue;
import dev.ketch.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Reads committed changes back from the backend as events, for watchers behind the in-memory ring. */
final class History {

  /** Events of the revisions {@code from} up to {@code coveredTo}. */
  record Chunk(List<RevisionEvents> revisions, long coveredTo) {}

  // Bounds one read so that a watcher far behind never holds its whole backlog in memory.
  static final int MAX_CHANGES_PER_CHUNK = 4096;

  private final Backend backend;
  private final TreeIndex index;
  private final LongSupplier compactRevision;

  History(Backend backend, TreeIndex index, LongSupplier compactRevision) {
    this.backend = backend;
    this.index = index;
    this.compactRevision = compactRevision;
  }

  /**
   * The events of revisions {@code from} to {@code to}, or of a prefix of them that ends at a
   * revision boundary. The caller must check afterwards that compaction did not overtake {@code
   * from} while reading, since compacted changes are silently absent.
   */
  Chunk read(long from, long to, boolean withPrevKv) {
    List<RevisionEvents> out = new ArrayList<>();
    List<Event> current = new ArrayList<>();
    long[] currentRev = {0};
    int[] changes = {0};
    boolean[] stoppedEarly = {false};
    backend.scan(
        Backend.Space.KV,
        Revision.startOf(from),
        Revision.startOf(to + 1),
        (key, value) -> {
          Revision rev = Revision.decode(key);
          if (rev.main() != currentRev[0]) {
            if (!current.isEmpty()) {
              out.add(new RevisionEvents(currentRev[0], List.copyOf(current)));
              current.clear();
            }
            if (changes[0] >= MAX_CHANGES_PER_CHUNK) {
              stoppedEarly[0] = true;
              return false;
            }
            currentRev[0] = rev.main();
          }
          StoredChange change = StoredChange.decode(rev.main(), value);
          KeyValue prev = withPrevKv ? previous(change.kv(), rev.main()) : null;
          Event.Type type = change.tombstone() ? Event.Type.DELETE : Event.Type.PUT;
          current.add(new Event(type, change.kv(), prev));
          changes[0]++;
          return true;
        });
    if (stoppedEarly[0]) {
      return new Chunk(out, out.getLast().revision());
    }
    if (!current.isEmpty()) {
      out.add(new RevisionEvents(currentRev[0], List.copyOf(current)));
    }
    return new Chunk(out, to);
  }

  private KeyValue previous(KeyValue kv, long revision) {
    try {
      return new ReadView(index, revision - 1, this::load, compactRevision).get(kv.key());
    } catch (StoreException.CompactedException e) {
      return null;
    }
  }

  private StoredChange load(Revision revision) {
    byte[] stored = backend.get(Backend.Space.KV, revision.encode());
    return stored == null ? null : StoredChange.decode(revision.main(), stored);
  }
}
