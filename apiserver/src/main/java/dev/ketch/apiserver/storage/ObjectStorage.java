package dev.ketch.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.store.Bytes;
import dev.ketch.store.Compare;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValue;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects kept in a {@link KeyValueStore}, with the compare-and-swap writes the API's optimistic
 * concurrency rests on: create only if the key is free, update and delete only if the key was not
 * modified since the revision the caller read. Thread-safe; blocks on the store.
 */
public final class ObjectStorage {

  /** A page of a list. */
  public record Page(List<StoredObject> items, long revision, boolean more, long remaining) {}

  private final KeyValueStore store;

  public ObjectStorage(KeyValueStore store) {
    this.store = store;
  }

  public KeyValueStore store() {
    return store;
  }

  /** The object under {@code key} now, or null. */
  public StoredObject get(String key) {
    return toObject(key, store.range(RangeRequest.key(key)).single());
  }

  /** The object under {@code key} at {@code revision}, or null. */
  public StoredObject get(String key, long revision) {
    return toObject(key, store.range(RangeRequest.key(key).atRevision(revision)).single());
  }

  /**
   * Writes a new object.
   *
   * @throws StorageException.KeyExists if the key is taken
   */
  public StoredObject create(String key, ObjectNode object) {
    Bytes k = Bytes.of(key);
    TxnResponse r =
        store.txn(
            new TxnRequest(
                List.of(new Compare(KeyRange.single(k), Compare.Target.CREATE, Compare.Result.EQUAL, 0, Bytes.EMPTY)),
                List.of(PutRequest.of(k, Bytes.wrap(ObjectCodec.encode(object)))),
                List.of()));
    if (!r.succeeded()) {
      throw new StorageException.KeyExists(key);
    }
    ObjectCodec.setResourceVersion(object, r.revision());
    return new StoredObject(key, object, r.revision());
  }

  /**
   * Replaces the object if its key was last modified at {@code expectedRevision}.
   *
   * @throws StorageException.Conflict if it was modified since (with the current object)
   * @throws StorageException.NotFound if it no longer exists
   */
  public StoredObject update(String key, ObjectNode object, long expectedRevision) {
    Bytes k = Bytes.of(key);
    TxnResponse r =
        store.txn(
            new TxnRequest(
                List.of(new Compare(KeyRange.single(k), Compare.Target.MOD, Compare.Result.EQUAL, expectedRevision, Bytes.EMPTY)),
                List.of(PutRequest.of(k, Bytes.wrap(ObjectCodec.encode(object)))),
                List.of(RangeRequest.of(KeyRange.single(k)))));
    if (!r.succeeded()) {
      throw conflictOrMissing(key, (RangeResponse) r.responses().getFirst());
    }
    ObjectCodec.setResourceVersion(object, r.revision());
    return new StoredObject(key, object, r.revision());
  }

  /**
   * Deletes the object if its key was last modified at {@code expectedRevision} (0: whatever its
   * revision).
   *
   * @return the object as it was before the deletion
   * @throws StorageException.Conflict if it was modified since
   * @throws StorageException.NotFound if it does not exist
   */
  public StoredObject delete(String key, long expectedRevision) {
    Bytes k = Bytes.of(key);
    List<Compare> compares =
        expectedRevision > 0
            ? List.of(new Compare(KeyRange.single(k), Compare.Target.MOD, Compare.Result.EQUAL, expectedRevision, Bytes.EMPTY))
            : List.of(new Compare(KeyRange.single(k), Compare.Target.CREATE, Compare.Result.GREATER, 0, Bytes.EMPTY));
    TxnResponse r =
        store.txn(
            new TxnRequest(
                compares,
                List.of(new DeleteRangeRequest(KeyRange.single(k), true)),
                List.of(RangeRequest.of(KeyRange.single(k)))));
    if (!r.succeeded()) {
      throw conflictOrMissing(key, (RangeResponse) r.responses().getFirst());
    }
    var deleted = (dev.ketch.store.DeleteRangeResponse) r.responses().getFirst();
    if (deleted.prevKvs().isEmpty()) {
      throw new StorageException.NotFound(key);
    }
    return toObject(key, deleted.prevKvs().getFirst());
  }

  private StorageException conflictOrMissing(String key, RangeResponse current) {
    StoredObject now = toObject(key, current.single());
    return now == null ? new StorageException.NotFound(key) : new StorageException.Conflict(key, now);
  }

  /**
   * Reads objects under {@code prefix}, in key order.
   *
   * @param revision the revision to read at; 0 for the current one
   * @param startKey the first key to read (from a continue token), or null for the start
   * @param limit the most objects to return; 0 for all
   */
  public Page list(String prefix, long revision, String startKey, long limit) {
    Bytes p = Bytes.of(prefix);
    KeyRange range = KeyRange.between(startKey == null ? p : Bytes.of(startKey), p.prefixEnd());
    RangeRequest request = RangeRequest.of(range).atRevision(revision).withLimit(limit);
    RangeResponse r = store.range(request);
    long at = revision > 0 ? revision : r.revision();
    List<StoredObject> items = new ArrayList<>(r.kvs().size());
    for (KeyValue kv : r.kvs()) {
      items.add(toObject(kv.key().toStringUtf8(), kv));
    }
    return new Page(items, at, r.more(), r.more() ? r.count() - items.size() : 0);
  }

  /** The store's current revision. */
  public long currentRevision() {
    return store.range(RangeRequest.key("/registry/").withCountOnly()).revision();
  }

  private static StoredObject toObject(String key, KeyValue kv) {
    if (kv == null) {
      return null;
    }
    return new StoredObject(key, ObjectCodec.decode(kv.value().unsafeArray(), kv.modRevision()), kv.modRevision());
  }
}
