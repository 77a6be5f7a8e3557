package dev.ketch.store;

/**
 * One operation of a transaction: a read or a write. Each kind of request is an operation, so a
 * transaction nests the same requests that can be sent alone.
 */
public sealed interface Op permits RangeRequest, PutRequest, DeleteRangeRequest, TxnRequest {}
