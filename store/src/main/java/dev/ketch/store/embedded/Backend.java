package dev.ketch.store.embedded;

import java.util.List;

/**
 * Ordered byte storage under the MVCC layer: three key spaces, atomic batches, ordered scans.
 *
 * <p>Implementations are thread-safe. A batch is applied atomically; when {@code sync} is true it
 * is durable when {@link #write} returns. Keys in every space are ordered by unsigned bytes.
 */
interface Backend extends AutoCloseable {

  /** The key spaces of the store. */
  enum Space {
    /** Every change, under its encoded {@link Revision}. */
    KV,
    /** Store-wide counters: current revision, compaction revision. */
    META,
    /** Lease id to granted time to live. */
    LEASE
  }

  /** One write of a batch; {@code value} null means delete. */
  record Write(Space space, byte[] key, byte[] value) {}

  /** Visits scanned entries in key order; returns false to stop. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  void write(List<Write> batch, boolean sync);

  /** The value under {@code key}, or null. */
  byte[] get(Space space, byte[] key);

  /** Visits the entries with {@code from <= key < to} ({@code to} null: to the end). */
  void scan(Space space, byte[] from, byte[] to, Visitor visitor);

  /** The last key of a space, or null when it is empty. */
  byte[] lastKey(Space space);

  /** Bytes the backend's files take on disk (0 in memory). */
  long sizeOnDisk();

  /** An estimate of the live data held, in bytes. */
  long liveDataSize();

  /** Gives back the space of deleted entries, after a compaction deleted many. May block a while. */
  void reclaim();

  @Override
  void close();
}
