package dev.ketch.store;

/** The result of one {@link Op}. Every response carries the store revision it was served at. */
public sealed interface OpResponse
    permits RangeResponse, PutResponse, DeleteRangeResponse, TxnResponse {

  /**
   * The store's revision when the operation completed: for writes, the revision the write created
   * (or the current revision if nothing changed); for reads, the revision read at the current
   * revision of the store.
   */
  long revision();
}
