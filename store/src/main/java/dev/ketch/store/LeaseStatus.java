package dev.ketch.store;

import java.util.List;

/**
 * What a lease has left, as etcd's {@code LeaseTimeToLiveResponse}.
 *
 * @param id the lease id
 * @param remainingSeconds seconds until the lease expires; -1 if it has expired or does not exist
 * @param grantedSeconds the time to live it was granted with
 * @param keys the keys attached to it, when asked for
 */
public record LeaseStatus(long id, long remainingSeconds, long grantedSeconds, List<Bytes> keys) {

  public LeaseStatus {
    keys = List.copyOf(keys);
  }
}
