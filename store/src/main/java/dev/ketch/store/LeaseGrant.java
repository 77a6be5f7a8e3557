package dev.ketch.store;

/**
 * A granted lease.
 *
 * @param id the lease id, never 0
 * @param ttlSeconds the time to live the lease was granted with
 */
public record LeaseGrant(long id, long ttlSeconds) {}
