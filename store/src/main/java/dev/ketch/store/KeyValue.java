package dev.ketch.store;

import java.util.Objects;

/**
 * One key at one revision, as etcd's {@code mvccpb.KeyValue}.
 *
 * @param key the key
 * @param createRevision the revision of the write that created the key (first put after absence)
 * @param modRevision the revision of the last write to the key
 * @param version the number of puts since the key was created; 1 after creation
 * @param value the value; empty in keys-only reads
 * @param lease the id of the lease the key is attached to, or 0
 */
public record KeyValue(
    Bytes key, long createRevision, long modRevision, long version, Bytes value, long lease) {

  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** The same key without its value, as returned by keys-only reads. */
  public KeyValue withoutValue() {
    return value.isEmpty() ? this : new KeyValue(key, createRevision, modRevision, version, Bytes.EMPTY, lease);
  }
}
