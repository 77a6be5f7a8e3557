package dev.ketch.store;

import java.util.List;

/**
 * A multi-version key-value store with the semantics of etcd v3.
 *
 * <p>The store keeps a single revision counter for all keys. Every request that changes at least
 * one key advances it by one; all changes of one request share that revision. Each key remembers
 * the revision that created it, the revision that last changed it and how many times it was put
 * since its creation. Older revisions stay readable until they are compacted away.
 *
 * <p>All methods are thread-safe and may block on I/O; they are meant to be called from virtual
 * threads or worker threads, never from an event loop. Once a write method returns, the write is
 * durable as far as the implementation promises (the embedded store: on disk, fsynced; etcd: on a
 * quorum) and visible to every later read.
 *
 * <p>Errors are {@link StoreException}s: compacted and future revisions, missing leases, malformed
 * or oversized requests, and an unavailable store.
 */
public interface KeyValueStore extends AutoCloseable {

  /** The largest request the store accepts, in bytes (keys plus values), as etcd's default. */
  int MAX_REQUEST_BYTES = 3 * 512 * 1024;

  /** The longest lease time to live, as etcd's. */
  long MAX_LEASE_TTL_SECONDS = 9_000_000_000L;

  /** Reads a range of keys at the current or an older revision. */
  RangeResponse range(RangeRequest request);

  /** Writes one key. */
  PutResponse put(PutRequest request);

  /** Deletes a range of keys, leaving tombstones. */
  DeleteRangeResponse deleteRange(DeleteRangeRequest request);

  /** Runs a transaction atomically. */
  TxnResponse txn(TxnRequest request);

  /**
   * Discards the history before {@code revision}: afterwards, reads and watches of revisions older
   * than {@code revision} fail with {@link StoreException.CompactedException}. The state at {@code
   * revision} itself stays readable.
   *
   * @throws StoreException.CompactedException if the store was already compacted at or beyond it
   * @throws StoreException.FutureRevisionException if {@code revision} is ahead of the store
   */
  void compact(long revision);

  /**
   * Starts watching. Events are delivered to {@code listener} on a thread of the store, in revision
   * order, from {@link WatchRequest#startRevision()} (or from the next revision when it is 0).
   * Watching from a compacted revision ends the watch at once with {@link
   * WatchListener#onCompacted}.
   */
  Watch watch(WatchRequest request, WatchListener listener);

  /**
   * Grants a lease. Keys attached to it are deleted, in one revision, when it expires or is
   * revoked.
   *
   * @param ttlSeconds the time to live; a smaller one, even 0 or negative, is raised to the store's
   *     minimum (etcd: 2 s with its default election timeout), which the result reports; above
   *     {@link #MAX_LEASE_TTL_SECONDS} it is refused
   * @param id the id to use, or 0 to let the store choose
   */
  LeaseGrant grantLease(long ttlSeconds, long id);

  /** Revokes a lease now, deleting its keys. */
  void revokeLease(long id);

  /**
   * Renews a lease to its full time to live.
   *
   * @return the time to live, in seconds
   */
  long keepAliveLease(long id);

  /** What a lease has left; {@code remainingSeconds} is -1 if it does not exist. */
  LeaseStatus leaseTimeToLive(long id, boolean withKeys);

  /** The ids of the live leases. */
  List<Long> leases();

  /** The revision, compaction point and size of the store. */
  StoreStatus status();

  /**
   * The store's current revision. A fresh store is at revision 1, as etcd is: its first write
   * creates revision 2. Implementations override this when they can answer more cheaply than
   * {@link #status()}.
   */
  default long currentRevision() {
    return status().revision();
  }

  /** Releases the store's resources; watches end with {@link WatchListener#onClosed}. */
  @Override
  void close();
}
