package dev.ketch.store;

/**
 * @param revision the revision the write created
 * @param prevKv the key before the write, when asked for and it existed; otherwise null
 */
public record PutResponse(long revision, KeyValue prevKv) implements OpResponse {}
