package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import dev.ketch.store.Compare;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.DeleteRangeResponse;
import dev.ketch.store.Event;
import dev.ketch.store.KeyValue;
import dev.ketch.store.Op;
import dev.ketch.store.OpResponse;
import dev.ketch.store.PutRequest;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreException;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Applies one transaction in the write loop, in three steps as etcd does: evaluate every
 * comparison (nested ones included) against the state before the transaction, check the chosen
 * operations (leases exist, revisions readable), and only then change anything. A request that
 * fails a check changes nothing.
 *
 * <p>Used by the write loop's thread only.
 */
final class TxnApplier {

  /** The branch each transaction of a nested tree took, in the order they appear. */
  private record Path(boolean succeeded, List<Path> nested) {}

  private final TreeIndex index;
  private final Lessor lessor;
  private final LongSupplier compactRevision;

  // Per-transaction state.
  private PendingBatch batch;
  private long beginRev;
  private long main;
  private long sub;
  private List<Event> events;

  TxnApplier(TreeIndex index, Lessor lessor, LongSupplier compactRevision) {
    this.index = index;
    this.lessor = lessor;
    this.compactRevision = compactRevision;
  }

  /**
   * Applies {@code txn} on top of revision {@code beginRevision}.
   *
   * @return the response; its revision is {@code beginRevision + 1} if anything changed
   */
  TxnResponse apply(TxnRequest txn, long beginRevision, PendingBatch pending) {
    this.batch = pending;
    this.beginRev = beginRevision;
    this.main = beginRevision + 1;
    this.sub = 0;
    this.events = new ArrayList<>();
    ReadView before = view();
    Path path = evaluate(txn, before);
    check(txn, path, before);
    TxnResponse response = execute(txn, path);
    long revision = changed() ? main : beginRev;
    if (changed()) {
      batch.addEvents(main, events);
    }
    return new TxnResponse(revision, response.succeeded(), response.responses());
  }

  /** Deletes the keys of a revoked or expired lease in one revision; returns the revision after. */
  long revokeLease(long leaseId, long beginRevision, PendingBatch pending) {
    this.batch = pending;
    this.beginRev = beginRevision;
    this.main = beginRevision + 1;
    this.sub = 0;
    this.events = new ArrayList<>();
    ReadView now = view();
    List<Bytes> keys = new ArrayList<>(lessor.remove(leaseId));
    keys.sort(null);
    for (Bytes key : keys) {
      KeyValue kv = now.get(key);
      if (kv != null && kv.lease() == leaseId) {
        delete(kv);
      }
    }
    batch.deleteLease(leaseId);
    if (changed()) {
      batch.addEvents(main, events);
      return main;
    }
    return beginRev;
  }

  private boolean changed() {
    return sub > 0;
  }

  private ReadView view() {
    // Once this transaction has written, the view at the revision being built sees its changes.
    return new ReadView(index, changed() ? main : beginRev, batch, compactRevision);
  }

  private Path evaluate(TxnRequest txn, ReadView view) {
    boolean ok = true;
    for (Compare c : txn.compare()) {
      if (!holds(c, view)) {
        ok = false;
        break;
      }
    }
    List<Path> nested = new ArrayList<>();
    for (Op op : ok ? txn.success() : txn.failure()) {
      if (op instanceof TxnRequest t) {
        nested.add(evaluate(t, view));
      }
    }
    return new Path(ok, nested);
  }

  private static boolean holds(Compare c, ReadView view) {
    List<KeyValue> kvs = c.range().isSingleKey() ? single(view.get(c.range().key())) : view.getAll(c.range());
    if (kvs.isEmpty()) {
      return c.matchesAbsent();
    }
    for (KeyValue kv : kvs) {
      if (!c.matches(kv)) {
        return false;
      }
    }
    return true;
  }

  private static List<KeyValue> single(KeyValue kv) {
    return kv == null ? List.of() : List.of(kv);
  }

  private void check(TxnRequest txn, Path path, ReadView view) {
    int nestedIndex = 0;
    for (Op op : path.succeeded() ? txn.success() : txn.failure()) {
      switch (op) {
        case PutRequest p -> checkPut(p, view);
        case RangeRequest r -> checkRevision(r.revision());
        case DeleteRangeRequest d -> {}
        case TxnRequest t -> check(t, path.nested().get(nestedIndex++), view);
      }
    }
  }

  private void checkPut(PutRequest p, ReadView view) {
    if (p.lease() != 0 && !lessor.exists(p.lease())) {
      throw new StoreException.LeaseNotFoundException();
    }
    if ((p.ignoreValue() || p.ignoreLease()) && view.get(p.key()) == null) {
      throw new StoreException.InvalidRequestException(RequestChecks.KEY_NOT_FOUND);
    }
  }

  private void checkRevision(long revision) {
    if (revision > beginRev) {
      throw new StoreException.FutureRevisionException();
    }
    if (revision > 0 && revision < compactRevision.getAsLong()) {
      throw new StoreException.CompactedException(compactRevision.getAsLong());
    }
  }

  private TxnResponse execute(TxnRequest txn, Path path) {
    List<OpResponse> responses = new ArrayList<>();
    int nestedIndex = 0;
    for (Op op : path.succeeded() ? txn.success() : txn.failure()) {
      responses.add(
          switch (op) {
            case RangeRequest r -> range(r);
            case PutRequest p -> put(p);
            case DeleteRangeRequest d -> deleteRange(d);
            case TxnRequest t -> nested(execute(t, path.nested().get(nestedIndex++)));
          });
    }
    return new TxnResponse(changed() ? main : beginRev, path.succeeded(), responses);
  }

  /** etcd reports no revision in the response of a nested transaction. */
  private static TxnResponse nested(TxnResponse response) {
    return new TxnResponse(0, response.succeeded(), response.responses());
  }

  private RangeResponse range(RangeRequest r) {
    // etcd reads at the revision before the transaction, or at the one being built once it wrote.
    long current = changed() ? main : beginRev;
    long at = r.revision() > 0 ? r.revision() : current;
    return new ReadView(index, at, batch, compactRevision).range(r, current);
  }

  private PutResponse put(PutRequest p) {
    KeyValue prev = view().get(p.key());
    Bytes value = p.ignoreValue() ? prev.value() : p.value();
    long lease = p.ignoreLease() ? prev.lease() : p.lease();
    Revision revision = new Revision(main, sub++);
    KeyIndex.Found found = index.put(p.key(), revision);
    KeyValue kv = new KeyValue(p.key(), found.createRevision(), main, found.version(), value, lease);
    batch.addChange(revision, StoredChange.put(kv));
    lessor.attach(p.key(), lease);
    events.add(new Event(Event.Type.PUT, kv, prev));
    return new PutResponse(main, p.prevKv() ? prev : null);
  }

  private DeleteRangeResponse deleteRange(DeleteRangeRequest d) {
    List<KeyValue> victims = view().getAll(d.range());
    for (KeyValue kv : victims) {
      delete(kv);
    }
    long revision = changed() ? main : beginRev;
    return new DeleteRangeResponse(revision, victims.size(), d.prevKv() ? victims : List.of());
  }

  private void delete(KeyValue kv) {
    Revision revision = new Revision(main, sub++);
    index.tombstone(kv.key(), revision);
    StoredChange tomb = StoredChange.tombstone(kv.key(), main);
    batch.addChange(revision, tomb);
    lessor.detach(kv.key());
    events.add(new Event(Event.Type.DELETE, tomb.kv(), kv));
  }
}
