package dev.ketch.store;

/** The result of one {@link Op}. Every response carries the store revision it was served at. */
public sealed interface OpResponse
    permits RangeResponse, PutResponse, DeleteRangeResponse, TxnResponse {

  /**
   * The store's revision when the operation completed: for writes, the revision the write created
   * (or the current revision if nothing changed); for reads, the store's current revision, even
   * when an older revision was read. Inside a transaction, an operation reports the revision of the
   * transaction's view at that point: the revision before the transaction until its first write,
   * the new revision from then on.
   */
  long revision();
}
