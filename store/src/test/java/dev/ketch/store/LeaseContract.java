package dev.ketch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ketch.store.Event.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leases: granting, attaching keys, revocation, expiry and renewal. */
public abstract class LeaseContract extends KeyValueStoreContract {

  /** Ids nobody grants: the stores choose ids far below, and these are checked to be absent. */
  private static long unusedLeaseId() {
    return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
  }

  private final List<Long> granted = new ArrayList<>();

  @AfterEach
  void revokeLeases() {
    for (long id : granted) {
      try {
        store().revokeLease(id);
      } catch (StoreException.LeaseNotFoundException alreadyGone) {
        // Revoked or expired by the test itself.
      }
    }
  }

  private LeaseGrant grant(long ttlSeconds) {
    LeaseGrant lease = store().grantLease(ttlSeconds, 0);
    granted.add(lease.id());
    return lease;
  }

  @Test
  void aGrantedLeaseHasAnIdItsTtlAndIsListed() {
    LeaseGrant lease = grant(30);

    LeaseStatus status = store().leaseTimeToLive(lease.id(), false);

    assertThat(lease.id()).isNotZero();
    assertThat(lease.ttlSeconds()).isEqualTo(30);
    assertThat(status.id()).isEqualTo(lease.id());
    assertThat(status.grantedSeconds()).isEqualTo(30);
    assertThat(status.remainingSeconds()).isBetween(1L, 30L);
    assertThat(store().leases()).contains(lease.id());
  }

  @Test
  void aTtlBelowTheMinimumIsRaisedToTheMinimum() {
    // etcd raises any smaller time to live, even 0 or a negative one, to its minimum.
    LeaseGrant one = grant(1);
    LeaseGrant zero = grant(0);
    LeaseGrant negative = grant(-5);

    assertThat(one.ttlSeconds()).isPositive();
    assertThat(zero.ttlSeconds()).isEqualTo(one.ttlSeconds());
    assertThat(negative.ttlSeconds()).isEqualTo(one.ttlSeconds());
    assertThat(store().leaseTimeToLive(zero.id(), false).grantedSeconds())
        .isEqualTo(one.ttlSeconds());
  }

  @Test
  void aLeaseMayBeGrantedWithAChosenIdButOnlyOnce() {
    long id = unusedLeaseId();
    granted.add(id);

    LeaseGrant lease = store().grantLease(30, id);

    assertThat(lease.id()).isEqualTo(id);
    assertThatThrownBy(() -> store().grantLease(30, id))
        .isInstanceOf(StoreException.LeaseExistsException.class);
  }

  @Test
  void grantingALeaseDoesNotAdvanceTheRevision() {
    long before = revision();

    grant(30);

    assertThat(revision()).isEqualTo(before);
  }

  @Test
  void keysRememberTheirLease() {
    LeaseGrant lease = grant(30);

    long written = put("a", "1", lease.id()).revision();

    assertThat(get("a"))
        .isEqualTo(new KeyValue(keyBytes("a"), written, written, 1, Bytes.of("1"), lease.id()));
    assertThat(
            store()
                .txn(
                    txn(
                        List.of(Compare.lease(key("a"), Compare.Result.EQUAL, lease.id())),
                        List.of()))
                .succeeded())
        .isTrue();
  }

  @Test
  void aPutWithoutALeaseDetachesTheKeyFromItsLease() {
    LeaseGrant lease = grant(30);
    put("a", "1", lease.id());
    put("b", "1", lease.id());

    put("a", "2");
    store().put(PutRequest.of(key("b"), "2").ignoringLease());
    store().revokeLease(lease.id());

    assertThat(get("a").lease()).isZero();
    assertThat(get("a").value()).isEqualTo(Bytes.of("2"));
    assertThat(get("b")).isNull();
  }

  @Test
  void timeToLiveListsTheAttachedKeys() {
    LeaseGrant lease = grant(30);
    put("a", "1", lease.id());
    put("b", "1", lease.id());
    put("c", "1");

    LeaseStatus withKeys = store().leaseTimeToLive(lease.id(), true);
    LeaseStatus withoutKeys = store().leaseTimeToLive(lease.id(), false);

    assertThat(withKeys.keys()).containsExactlyInAnyOrder(keyBytes("a"), keyBytes("b"));
    assertThat(withoutKeys.keys()).isEmpty();
  }

  @Test
  void revokingALeaseDeletesItsKeysInOneRevision() {
    LeaseGrant lease = grant(30);
    put("a", "1", lease.id());
    put("b", "1", lease.id());
    put("c", "1");
    long before = revision();
    RecordingListener listener = new RecordingListener();
    Watch watch = store().watch(WatchRequest.of(KeyRange.prefix(prefix())), listener);

    try (watch) {
      store().revokeLease(lease.id());

      eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(2));
      assertThat(listener.events())
          .extracting(Event::type, Event::revision)
          .containsOnly(tuple(Type.DELETE, before + 1));
      assertThat(listener.events())
          .extracting(e -> e.kv().key())
          .containsExactlyInAnyOrder(keyBytes("a"), keyBytes("b"));
    }
    assertThat(revision()).isEqualTo(before + 1);
    assertThat(get("c")).isNotNull();
    assertThat(store().leases()).doesNotContain(lease.id());
    assertThat(store().leaseTimeToLive(lease.id(), false).remainingSeconds()).isEqualTo(-1);
  }

  @Test
  void anExpiredLeaseDeletesItsKeys() {
    LeaseGrant lease = grant(2);
    put("a", "1", lease.id());
    put("b", "1");

    eventually().untilAsserted(() -> assertThat(get("a")).isNull());

    assertThat(get("b")).isNotNull();
    assertThat(store().leases()).doesNotContain(lease.id());
    assertThat(store().leaseTimeToLive(lease.id(), false).remainingSeconds()).isEqualTo(-1);
  }

  @Test
  void keepAliveRenewsTheLeaseToItsFullTtl() {
    LeaseGrant lease = grant(3);
    put("a", "1", lease.id());
    eventually()
        .untilAsserted(
            () ->
                assertThat(store().leaseTimeToLive(lease.id(), false).remainingSeconds())
                    .isLessThan(2));

    long ttl = store().keepAliveLease(lease.id());

    assertThat(ttl).isEqualTo(3);
    assertThat(store().leaseTimeToLive(lease.id(), false).remainingSeconds())
        .isGreaterThanOrEqualTo(2);
    assertThat(get("a")).isNotNull();
  }

  @Test
  void aMissingLeaseIsReportedByEveryOperation() {
    long missing = unusedLeaseId();
    long before = revision();

    assertThatThrownBy(() -> store().put(PutRequest.of(key("a"), "1").withLease(missing)))
        .isInstanceOf(StoreException.LeaseNotFoundException.class);
    assertThatThrownBy(() -> store().revokeLease(missing))
        .isInstanceOf(StoreException.LeaseNotFoundException.class);
    assertThatThrownBy(() -> store().keepAliveLease(missing))
        .isInstanceOf(StoreException.LeaseNotFoundException.class);
    LeaseStatus status = store().leaseTimeToLive(missing, true);
    assertThat(status.remainingSeconds()).isEqualTo(-1);
    assertThat(status.keys()).isEmpty();
    assertThat(get("a")).isNull();
    assertThat(revision()).isEqualTo(before);
  }
}
