package dev.ketch.store.embedded;

import dev.ketch.store.Bytes;
import dev.ketch.store.StoreException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The live leases and the keys attached to them.
 *
 * <p>Thread-safety: grants, revocations, attachments and detachments come from the write loop
 * only; renewals and queries from any thread. Expiry times live only in memory: after a restart
 * every lease gets its full time to live again, as etcd does when a new leader takes over.
 */
final class Lessor {

  /** etcd's minimum time to live with its default election timeout. */
  static final long MIN_TTL_SECONDS = 2;

  static final class Lease {
    final long id;
    final long ttlSeconds;
    final Set<Bytes> keys = ConcurrentHashMap.newKeySet();
    volatile long expiresAtMillis;

    Lease(long id, long ttlSeconds) {
      this.id = id;
      this.ttlSeconds = ttlSeconds;
    }
  }

  private final InstantSource clock;
  private final Map<Long, Lease> leases = new ConcurrentHashMap<>();
  private final Map<Bytes, Long> leaseOfKey = new ConcurrentHashMap<>();

  Lessor(InstantSource clock) {
    this.clock = clock;
  }

  static long effectiveTtl(long requested) {
    return Math.max(requested, MIN_TTL_SECONDS);
  }

  /** A fresh positive id no live lease has. */
  long newId() {
    while (true) {
      long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      if (!leases.containsKey(id)) {
        return id;
      }
    }
  }

  boolean exists(long id) {
    return leases.containsKey(id);
  }

  /** Write loop (and restore): adds a lease that runs from now. */
  Lease grant(long id, long ttlSeconds) {
    Lease lease = new Lease(id, ttlSeconds);
    lease.expiresAtMillis = clock.millis() + ttlSeconds * 1000;
    leases.put(id, lease);
    return lease;
  }

  /** Write loop: forgets a lease and its attachments; returns the keys that were attached. */
  Set<Bytes> remove(long id) {
    Lease lease = leases.remove(id);
    if (lease == null) {
      return Set.of();
    }
    for (Bytes key : lease.keys) {
      leaseOfKey.remove(key, id);
    }
    return lease.keys;
  }

  /** Write loop: the key now belongs to {@code leaseId} (0: to none). */
  void attach(Bytes key, long leaseId) {
    Long previous = leaseId == 0 ? leaseOfKey.remove(key) : leaseOfKey.put(key, leaseId);
    if (previous != null && previous != leaseId) {
      Lease old = leases.get(previous);
      if (old != null) {
        old.keys.remove(key);
      }
    }
    if (leaseId != 0) {
      Lease lease = leases.get(leaseId);
      if (lease != null) {
        lease.keys.add(key);
      }
    }
  }

  /** Write loop: the key was deleted. */
  void detach(Bytes key) {
    attach(key, 0);
  }

  /** Renews a lease to its full time to live; returns it. */
  long renew(long id) {
    Lease lease = leases.get(id);
    if (lease == null || lease.expiresAtMillis <= clock.millis()) {
      throw new StoreException.LeaseNotFoundException();
    }
    lease.expiresAtMillis = clock.millis() + lease.ttlSeconds * 1000;
    return lease.ttlSeconds;
  }

  Lease get(long id) {
    return leases.get(id);
  }

  /** Whole seconds left, truncated as etcd reports them; -1 when the lease has expired. */
  long remainingSeconds(Lease lease) {
    long left = lease.expiresAtMillis - clock.millis();
    return left <= 0 ? -1 : left / 1000;
  }

  /** The leases whose time is up, for the write loop to revoke. */
  List<Long> expired() {
    long now = clock.millis();
    List<Long> out = new ArrayList<>();
    for (Lease lease : leases.values()) {
      if (lease.expiresAtMillis <= now) {
        out.add(lease.id);
      }
    }
    return out;
  }

  List<Long> ids() {
    return List.copyOf(leases.keySet());
  }
}
