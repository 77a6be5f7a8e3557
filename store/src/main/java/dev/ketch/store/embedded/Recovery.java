package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the in-memory state of a store from its backend: the index from every stored change,
 * the revision counters, the leases and the keys attached to them, and the work of a compaction
 * that a crash cut short.
 */
final class Recovery {

  record Result(long revision, long compactRevision, List<Revision> obsolete, List<Revision> deferred) {}

  private Recovery() {}

  static Result recover(Backend backend, TreeIndex index, Lessor lessor) {
    long metaRevision = PendingBatch.readRevision(backend);
    long compactRevision = PendingBatch.readCompactRevision(backend);
    Map<Bytes, Long> leaseOfKey = new HashMap<>();
    List<Revision> obsolete = new ArrayList<>();
    long[] last = {0};
    backend.scan(
        Backend.Space.KV,
        Revision.startOf(0),
        null,
        (key, value) -> {
          Revision rev = Revision.decode(key);
          StoredChange change = StoredChange.decode(rev.main(), value);
          boolean indexed =
              index.restore(
                  change.kv().key(),
                  rev,
                  change.tombstone(),
                  change.kv().createRevision(),
                  change.kv().version());
          if (!indexed && rev.main() < compactRevision) {
            obsolete.add(rev);
          }
          if (change.tombstone() || change.kv().lease() == 0) {
            leaseOfKey.remove(change.kv().key());
          } else {
            leaseOfKey.put(change.kv().key(), change.kv().lease());
          }
          last[0] = rev.main();
          return true;
        });
    backend.scan(
        Backend.Space.LEASE,
        new byte[0],
        null,
        (key, value) -> {
          lessor.grant(Revision.getLong(key, 0), Revision.getLong(value, 0));
          return true;
        });
    leaseOfKey.forEach(lessor::attach);
    List<Revision> deferred = new ArrayList<>();
    if (compactRevision > 0) {
      index.compact(compactRevision, obsolete::add, deferred);
    }
    // A fresh store is at revision 1, as etcd is; its first write creates revision 2.
    long revision = Math.max(1, Math.max(metaRevision, last[0]));
    return new Result(revision, compactRevision, obsolete, deferred);
  }
}
