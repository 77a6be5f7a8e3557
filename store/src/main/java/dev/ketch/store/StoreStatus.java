package dev.ketch.store;

/**
 * The state of a store, as etcd's maintenance status reports it.
 *
 * @param revision the current revision
 * @param compactRevision the revision of the last compaction, or 0; -1 where the store does not
 *     expose it
 * @param dbSizeBytes the space the store's files take on disk (0 in memory)
 * @param dbSizeInUseBytes an estimate of the live data in them
 * @param version the version string of the store software
 */
public record StoreStatus(
    long revision, long compactRevision, long dbSizeBytes, long dbSizeInUseBytes, String version) {}
