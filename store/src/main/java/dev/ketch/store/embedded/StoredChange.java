package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import dev.ketch.store.KeyValue;
import java.nio.ByteBuffer;

/**
 * One change as the backend keeps it under its {@link Revision}: either the key as written by a put,
 * or a tombstone left by a deletion.
 *
 * <p>Encoding: one flag byte (1 = tombstone), then for puts create revision, version and lease as
 * 8-byte longs; then the key length (4 bytes), the key and, for puts, the value (the rest).
 */
record StoredChange(KeyValue kv, boolean tombstone) {

  private static final byte PUT = 0;
  private static final byte TOMBSTONE = 1;

  static StoredChange put(KeyValue kv) {
    return new StoredChange(kv, false);
  }

  static StoredChange tombstone(Bytes key, long revision) {
    return new StoredChange(new KeyValue(key, 0, revision, 0, Bytes.EMPTY, 0), true);
  }

  byte[] encode() {
    Bytes key = kv.key();
    if (tombstone) {
      ByteBuffer buf = ByteBuffer.allocate(1 + 4 + key.size());
      buf.put(TOMBSTONE).putInt(key.size()).put(key.unsafeArray());
      return buf.array();
    }
    Bytes value = kv.value();
    ByteBuffer buf = ByteBuffer.allocate(1 + 24 + 4 + key.size() + value.size());
    buf.put(PUT)
        .putLong(kv.createRevision())
        .putLong(kv.version())
        .putLong(kv.lease())
        .putInt(key.size())
        .put(key.unsafeArray())
        .put(value.unsafeArray());
    return buf.array();
  }

  static StoredChange decode(long modRevision, byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    byte kind = buf.get();
    if (kind == TOMBSTONE) {
      int keyLength = buf.getInt();
      return tombstone(Bytes.copyOf(bytes, buf.position(), keyLength), modRevision);
    }
    if (kind != PUT) {
      throw new IllegalStateException("corrupt record at revision " + modRevision + ": kind " + kind);
    }
    long createRevision = buf.getLong();
    long version = buf.getLong();
    long lease = buf.getLong();
    int keyLength = buf.getInt();
    int keyOffset = buf.position();
    Bytes key = Bytes.copyOf(bytes, keyOffset, keyLength);
    int valueOffset = keyOffset + keyLength;
    Bytes value = Bytes.copyOf(bytes, valueOffset, bytes.length - valueOffset);
    return put(new KeyValue(key, createRevision, modRevision, version, value, lease));
  }
}
