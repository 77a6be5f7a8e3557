package dev.ketch.store.embedded;

import dev.ketch.store.StoreException;

/**
 * The revisions every part of the embedded store agrees on.
 *
 * <p>{@code pendingRevision} is the write loop's own: the last revision it assigned, committed or
 * not. {@code committedRevision} is what readers read at: it moves only once the changes up to it
 * are durable and their events published. {@code compactRevision} moves when a compaction starts.
 */
final class StoreState {

  private long pendingRevision;
  private volatile long committedRevision;
  private volatile long compactRevision;
  private volatile boolean closed;
  private volatile StoreException failure;

  StoreState(long revision, long compactRevision) {
    this.pendingRevision = revision;
    this.committedRevision = revision;
    this.compactRevision = compactRevision;
  }

  long pendingRevision() {
    return pendingRevision;
  }

  void advancePending(long revision) {
    pendingRevision = Math.max(pendingRevision, revision);
  }

  long committedRevision() {
    return committedRevision;
  }

  void commit(long revision) {
    committedRevision = revision;
  }

  long compactRevision() {
    return compactRevision;
  }

  void setCompactRevision(long revision) {
    compactRevision = revision;
  }

  StoreException failure() {
    return failure;
  }

  void fail(StoreException cause) {
    failure = cause;
  }

  void close() {
    closed = true;
  }

  void ensureOpen() {
    StoreException f = failure;
    if (f != null) {
      throw f;
    }
    if (closed) {
      throw new StoreException.UnavailableException("the store is closed", null);
    }
  }
}
