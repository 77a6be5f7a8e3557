package dev.ketch.store.embedded;

import dev.ketch.store.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the write loop has applied but not yet committed: the backend writes of one group commit,
 * the changes they hold (readable by later requests of the same group) and the events to publish
 * once they are durable. Used by the write loop's thread only.
 */
final class PendingBatch implements ChangeLoader {

  private static final byte[] META_REVISION = "revision".getBytes();
  private static final byte[] META_COMPACT_REVISION = "compactRevision".getBytes();

  private final Backend backend;
  private final Map<Revision, StoredChange> changes = new HashMap<>();
  private final List<Backend.Write> writes = new ArrayList<>();
  private final List<RevisionEvents> events = new ArrayList<>();
  private final List<Revision> obsolete = new ArrayList<>();

  PendingBatch(Backend backend) {
    this.backend = backend;
  }

  static long readRevision(Backend backend) {
    return readMeta(backend, META_REVISION);
  }

  static long readCompactRevision(Backend backend) {
    return readMeta(backend, META_COMPACT_REVISION);
  }

  private static long readMeta(Backend backend, byte[] key) {
    byte[] value = backend.get(Backend.Space.META, key);
    return value == null ? 0 : Revision.getLong(value, 0);
  }

  @Override
  public StoredChange load(Revision revision) {
    StoredChange pending = changes.get(revision);
    if (pending != null) {
      return pending;
    }
    byte[] stored = backend.get(Backend.Space.KV, revision.encode());
    return stored == null ? null : StoredChange.decode(revision.main(), stored);
  }

  void addChange(Revision revision, StoredChange change) {
    changes.put(revision, change);
    writes.add(new Backend.Write(Backend.Space.KV, revision.encode(), change.encode()));
  }

  void addEvents(long revision, List<Event> revisionEvents) {
    events.add(new RevisionEvents(revision, List.copyOf(revisionEvents)));
  }

  void putLease(long id, long ttlSeconds) {
    writes.add(new Backend.Write(Backend.Space.LEASE, Revision.encodeLong(id), Revision.encodeLong(ttlSeconds)));
  }

  void deleteLease(long id) {
    writes.add(new Backend.Write(Backend.Space.LEASE, Revision.encodeLong(id), null));
  }

  void setCompactRevision(long revision) {
    writes.add(new Backend.Write(Backend.Space.META, META_COMPACT_REVISION, Revision.encodeLong(revision)));
  }

  /** Revisions a compaction made obsolete, to delete from the backend after the commit. */
  List<Revision> obsolete() {
    return obsolete;
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }

  /** Writes everything, with the store revision, in one atomic batch. */
  void commit(long revision, boolean sync) {
    writes.add(new Backend.Write(Backend.Space.META, META_REVISION, Revision.encodeLong(revision)));
    backend.write(writes, sync);
  }

  List<RevisionEvents> events() {
    return events;
  }

  void clear() {
    changes.clear();
    writes.clear();
    events.clear();
    obsolete.clear();
  }
}
