package dev.ketch.store;

import java.util.Objects;

/**
 * A write of one key, as etcd's {@code PutRequest}.
 *
 * @param key the key; never empty
 * @param value the value
 * @param lease the lease to attach the key to, or 0 for none
 * @param prevKv return the key as it was before the write
 * @param ignoreValue keep the current value (the key must exist)
 * @param ignoreLease keep the current lease (the key must exist)
 */
public record PutRequest(
    Bytes key, Bytes value, long lease, boolean prevKv, boolean ignoreValue, boolean ignoreLease)
    implements Op {

  public PutRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  public static PutRequest of(Bytes key, Bytes value) {
    return new PutRequest(key, value, 0, false, false, false);
  }

  public static PutRequest of(String key, String value) {
    return of(Bytes.of(key), Bytes.of(value));
  }

  public PutRequest withLease(long leaseId) {
    return new PutRequest(key, value, leaseId, prevKv, ignoreValue, ignoreLease);
  }

  public PutRequest withPrevKv() {
    return new PutRequest(key, value, lease, true, ignoreValue, ignoreLease);
  }

  public PutRequest ignoringValue() {
    return new PutRequest(key, value, lease, prevKv, true, ignoreLease);
  }

  public PutRequest ignoringLease() {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, true);
  }
}
