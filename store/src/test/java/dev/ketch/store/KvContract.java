package dev.ketch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.store.RangeRequest.SortOrder;
import dev.ketch.store.RangeRequest.SortTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Revisions, per-key metadata, reads with every option, puts and deletes. */
public abstract class KvContract extends KeyValueStoreContract {

  // ---- revisions

  @Test
  void eachPutAdvancesTheRevisionByExactlyOne() {
    long first = put("a", "1").revision();
    long second = put("b", "2").revision();
    long third = put("a", "3").revision();

    assertThat(first).isEqualTo(startRevision() + 1);
    assertThat(second).isEqualTo(first + 1);
    assertThat(third).isEqualTo(second + 1);
    assertThat(revision()).isEqualTo(third);
  }

  @Test
  void readsDoNotAdvanceTheRevision() {
    long written = put("a", "1").revision();

    RangeResponse read = store().range(RangeRequest.prefix(prefix()));
    TxnResponse readTxn = store().txn(txn(List.of(), List.of(RangeRequest.key(key("a")))));

    assertThat(read.revision()).isEqualTo(written);
    assertThat(readTxn.revision()).isEqualTo(written);
    assertThat(revision()).isEqualTo(written);
  }

  @Test
  void deletingAnAbsentKeyDoesNotAdvanceTheRevision() {
    long written = put("a", "1").revision();

    DeleteRangeResponse deleted = delete("absent");

    assertThat(deleted.deleted()).isZero();
    assertThat(deleted.revision()).isEqualTo(written);
    assertThat(revision()).isEqualTo(written);
  }

  @Test
  void aTransactionThatWritesNothingDoesNotAdvanceTheRevision() {
    long written = put("a", "1").revision();

    TxnResponse failedCompare =
        store()
            .txn(
                new TxnRequest(
                    List.of(Compare.value(key("a"), Compare.Result.EQUAL, "other")),
                    List.of(PutRequest.of(key("a"), "2")),
                    List.of(RangeRequest.key(key("a")))));
    TxnResponse deleteOfAbsent =
        store().txn(txn(List.of(), List.of(DeleteRangeRequest.key(key("absent")))));

    assertThat(failedCompare.succeeded()).isFalse();
    assertThat(failedCompare.revision()).isEqualTo(written);
    assertThat(deleteOfAbsent.revision()).isEqualTo(written);
    assertThat(revision()).isEqualTo(written);
  }

  @Test
  void statusReportsTheCurrentRevision() {
    long written = put("a", "1").revision();

    assertThat(store().status().revision()).isEqualTo(written);
  }

  // ---- per-key metadata

  @Test
  void putsTrackCreateRevisionModRevisionAndVersion() {
    long created = put("a", "1").revision();
    long updated = put("a", "2").revision();

    assertThat(get("a"))
        .isEqualTo(new KeyValue(keyBytes("a"), created, updated, 2, Bytes.of("2"), 0));
  }

  @Test
  void versionAndCreateRevisionStartOverAfterDeleteAndRecreate() {
    put("a", "1");
    put("a", "2");
    delete("a");

    long recreated = put("a", "3").revision();

    assertThat(get("a"))
        .isEqualTo(new KeyValue(keyBytes("a"), recreated, recreated, 1, Bytes.of("3"), 0));
  }

  // ---- reads at revisions

  @Test
  void readsAtOlderRevisionsSeeTheKeyAsItWasThen() {
    long v1 = put("a", "1").revision();
    long v2 = put("a", "2").revision();
    long deleted = delete("a").revision();
    long v3 = put("a", "3").revision();

    assertThat(getAt("a", v1 - 1)).isNull();
    assertThat(getAt("a", v1).value()).isEqualTo(Bytes.of("1"));
    assertThat(getAt("a", v2)).isEqualTo(new KeyValue(keyBytes("a"), v1, v2, 2, Bytes.of("2"), 0));
    assertThat(getAt("a", deleted)).isNull();
    assertThat(getAt("a", v3)).isEqualTo(new KeyValue(keyBytes("a"), v3, v3, 1, Bytes.of("3"), 0));
    assertThat(get("a").value()).isEqualTo(Bytes.of("3"));
  }

  @Test
  void aReadAtAnOlderRevisionReportsTheCurrentRevision() {
    // etcd's response header carries the store's revision, not the revision read at.
    long old = put("a", "1").revision();
    long current = put("a", "2").revision();

    RangeResponse response = store().range(RangeRequest.key(key("a")).atRevision(old));

    assertThat(response.revision()).isEqualTo(current);
    assertThat(response.single().value()).isEqualTo(Bytes.of("1"));
  }

  @Test
  void aReadAtAFutureRevisionFails() {
    long current = put("a", "1").revision();

    assertThatThrownBy(() -> store().range(RangeRequest.key(key("a")).atRevision(current + 1)))
        .isInstanceOf(StoreException.FutureRevisionException.class);
  }

  // ---- ranges

  @Test
  void aPrefixRangeReturnsTheKeysUnderThePrefixInKeyOrder() {
    put("x/2", "b");
    put("x/1", "a");
    put("x/3", "c");
    put("x", "outside");
    put("y/1", "outside");

    RangeResponse response = store().range(RangeRequest.prefix(key("x/")));

    assertThat(response.kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("x/1"), keyBytes("x/2"), keyBytes("x/3"));
    assertThat(response.count()).isEqualTo(3);
    assertThat(response.more()).isFalse();
  }

  @Test
  void aRangeBetweenTwoKeysIncludesTheStartAndExcludesTheEnd() {
    put("a", "1");
    put("b", "2");
    put("c", "3");

    RangeResponse response =
        store().range(RangeRequest.of(KeyRange.between(keyBytes("a"), keyBytes("c"))));

    assertThat(response.kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("a"), keyBytes("b"));
  }

  @Test
  void aFromKeyRangeReturnsEveryKeyFromTheKeyOn() {
    put("a", "1");
    long from = put("b", "2").revision();
    put("c", "3");
    long last = revision();

    // Other tests' keys sort after this test's too; only the keys created here count.
    RangeResponse response =
        store()
            .range(
                RangeRequest.of(KeyRange.fromKey(keyBytes("b")))
                    .withCreateRevisionBetween(startRevision() + 1, last));

    assertThat(response.kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("b"), keyBytes("c"));
    assertThat(response.kvs().getFirst().createRevision()).isEqualTo(from);
  }

  @Test
  void theWholeKeySpaceRangeReturnsEveryKey() {
    put("a", "1");
    put("b", "2");
    long last = revision();

    RangeResponse all = store().range(RangeRequest.of(KeyRange.all()));
    RangeResponse mine =
        store()
            .range(
                RangeRequest.of(KeyRange.all())
                    .withCreateRevisionBetween(startRevision() + 1, last));

    assertThat(all.count()).isGreaterThanOrEqualTo(2);
    assertThat(all.kvs()).hasSize((int) all.count());
    assertThat(mine.kvs()).extracting(KeyValue::key).containsExactly(keyBytes("a"), keyBytes("b"));
  }

  @Test
  void aLimitReturnsTheFirstKeysAndReportsMoreAndTheFullCount() {
    for (int i = 1; i <= 5; i++) {
      put("k" + i, "v");
    }
    RangeRequest all = RangeRequest.prefix(prefix());

    RangeResponse limited = store().range(all.withLimit(2));
    RangeResponse exact = store().range(all.withLimit(5));
    RangeResponse generous = store().range(all.withLimit(10));

    assertThat(limited.kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("k1"), keyBytes("k2"));
    assertThat(limited.more()).isTrue();
    assertThat(limited.count()).isEqualTo(5);
    assertThat(exact.kvs()).hasSize(5);
    assertThat(exact.more()).isFalse();
    assertThat(generous.more()).isFalse();
    assertThat(generous.count()).isEqualTo(5);
  }

  @Test
  void aCountOnlyReadReturnsTheCountWithoutKeys() {
    put("a", "1");
    put("b", "2");
    put("c", "3");

    RangeResponse response =
        store().range(RangeRequest.prefix(prefix()).withCountOnly().withLimit(1));

    assertThat(response.kvs()).isEmpty();
    assertThat(response.count()).isEqualTo(3);
    assertThat(response.more()).isFalse();
  }

  @Test
  void aKeysOnlyReadLeavesOutValuesButKeepsTheMetadata() {
    long created = put("a", "value").revision();

    RangeResponse response = store().range(RangeRequest.key(key("a")).withKeysOnly());

    assertThat(response.single())
        .isEqualTo(new KeyValue(keyBytes("a"), created, created, 1, Bytes.EMPTY, 0));
  }

  /**
   * Three keys written so that each sort target orders them differently. Ascending: key k1 k2 k3;
   * create k2 k3 k1; version k1 k3 k2; mod k3 k1 k2; value k3 k2 k1.
   */
  private void writeSortFixture() {
    put("k2", "b");
    put("k3", "a");
    put("k3", "a");
    put("k1", "c");
    put("k2", "b");
    put("k2", "b");
  }

  static Stream<Arguments> sortCases() {
    return Stream.of(
        Arguments.of(SortTarget.KEY, SortOrder.NONE, List.of("k1", "k2", "k3")),
        Arguments.of(SortTarget.KEY, SortOrder.ASCEND, List.of("k1", "k2", "k3")),
        Arguments.of(SortTarget.KEY, SortOrder.DESCEND, List.of("k3", "k2", "k1")),
        Arguments.of(SortTarget.CREATE, SortOrder.ASCEND, List.of("k2", "k3", "k1")),
        Arguments.of(SortTarget.CREATE, SortOrder.DESCEND, List.of("k1", "k3", "k2")),
        Arguments.of(SortTarget.VERSION, SortOrder.ASCEND, List.of("k1", "k3", "k2")),
        Arguments.of(SortTarget.VERSION, SortOrder.DESCEND, List.of("k2", "k3", "k1")),
        Arguments.of(SortTarget.MOD, SortOrder.ASCEND, List.of("k3", "k1", "k2")),
        Arguments.of(SortTarget.MOD, SortOrder.DESCEND, List.of("k2", "k1", "k3")),
        Arguments.of(SortTarget.VALUE, SortOrder.ASCEND, List.of("k3", "k2", "k1")),
        Arguments.of(SortTarget.VALUE, SortOrder.DESCEND, List.of("k1", "k2", "k3")),
        // etcd sorts ascending when a target other than the key is named without an order.
        Arguments.of(SortTarget.CREATE, SortOrder.NONE, List.of("k2", "k3", "k1")),
        Arguments.of(SortTarget.VERSION, SortOrder.NONE, List.of("k1", "k3", "k2")),
        Arguments.of(SortTarget.MOD, SortOrder.NONE, List.of("k3", "k1", "k2")),
        Arguments.of(SortTarget.VALUE, SortOrder.NONE, List.of("k3", "k2", "k1")));
  }

  @ParameterizedTest(name = "sort by {0} {1}")
  @MethodSource("sortCases")
  void sortsByEachTargetInEachOrder(SortTarget target, SortOrder order, List<String> expected) {
    writeSortFixture();

    RangeResponse response = store().range(RangeRequest.prefix(prefix()).sortedBy(target, order));

    assertThat(response.kvs())
        .extracting(KeyValue::key)
        .containsExactlyElementsOf(expected.stream().map(this::keyBytes).toList());
  }

  @Test
  void aSortedReadWithALimitSortsBeforeCutting() {
    writeSortFixture();

    RangeResponse response =
        store()
            .range(
                RangeRequest.prefix(prefix())
                    .sortedBy(SortTarget.MOD, SortOrder.DESCEND)
                    .withLimit(1));

    assertThat(response.kvs()).extracting(KeyValue::key).containsExactly(keyBytes("k2"));
    assertThat(response.more()).isTrue();
    assertThat(response.count()).isEqualTo(3);
  }

  @Test
  void revisionFiltersSelectKeysByModAndCreateRevision() {
    long a = put("a", "1").revision();
    long b = put("b", "1").revision();
    long c = put("c", "1").revision();
    long aAgain = put("a", "2").revision();
    RangeRequest all = RangeRequest.prefix(prefix());

    assertThat(store().range(all.withModRevisionBetween(c, 0)).kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("a"), keyBytes("c"));
    assertThat(store().range(all.withModRevisionBetween(0, b)).kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("b"));
    assertThat(store().range(all.withCreateRevisionBetween(b, 0)).kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("b"), keyBytes("c"));
    assertThat(store().range(all.withCreateRevisionBetween(0, a)).kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("a"));
    assertThat(
            store().range(all.withModRevisionBetween(b, c).withCreateRevisionBetween(a, b)).kvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("b"));
    assertThat(aAgain).isEqualTo(c + 1);
  }

  @Test
  void revisionFiltersApplyBeforeTheLimitAndNotToTheCount() {
    put("a", "1");
    put("b", "1");
    long c = put("c", "1").revision();
    put("a", "2");

    RangeResponse response =
        store().range(RangeRequest.prefix(prefix()).withModRevisionBetween(0, c).withLimit(1));

    // a is filtered out before the limit takes b; c is left over, so there is more.
    assertThat(response.kvs()).extracting(KeyValue::key).containsExactly(keyBytes("b"));
    assertThat(response.more()).isTrue();
    assertThat(response.count()).isEqualTo(3);
  }

  // ---- puts

  @Test
  void putReturnsThePreviousKeyWhenAsked() {
    long created = put("a", "1").revision();

    PutResponse first = store().put(PutRequest.of(key("b"), "1").withPrevKv());
    PutResponse second = store().put(PutRequest.of(key("a"), "2").withPrevKv());
    PutResponse notAsked = put("a", "3");

    assertThat(first.prevKv()).isNull();
    assertThat(second.prevKv())
        .isEqualTo(new KeyValue(keyBytes("a"), created, created, 1, Bytes.of("1"), 0));
    assertThat(notAsked.prevKv()).isNull();
  }

  @Test
  void putIgnoringTheValueKeepsTheValueAndBumpsTheVersion() {
    long created = put("a", "kept").revision();

    long updated =
        store().put(PutRequest.of(keyBytes("a"), Bytes.EMPTY).ignoringValue()).revision();

    assertThat(get("a"))
        .isEqualTo(new KeyValue(keyBytes("a"), created, updated, 2, Bytes.of("kept"), 0));
  }

  @Test
  void putIgnoringTheValueFailsForAnAbsentKeyOrWithAValue() {
    put("a", "1");
    long before = revision();

    assertThatThrownBy(
            () -> store().put(PutRequest.of(keyBytes("absent"), Bytes.EMPTY).ignoringValue()))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThatThrownBy(() -> store().put(PutRequest.of(key("a"), "given").ignoringValue()))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThat(revision()).isEqualTo(before);
    assertThat(get("absent")).isNull();
  }

  @Test
  void putIgnoringTheLeaseFailsForAnAbsentKeyOrWithALease() {
    put("a", "1");
    long before = revision();

    assertThatThrownBy(() -> store().put(PutRequest.of(key("absent"), "1").ignoringLease()))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThatThrownBy(() -> store().put(PutRequest.of(key("a"), "1").withLease(7).ignoringLease()))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThat(revision()).isEqualTo(before);
  }

  // ---- deletes

  @Test
  void deletingOneKeyReturnsItWhenAskedAndLeavesOlderRevisionsReadable() {
    long created = put("a", "1").revision();

    DeleteRangeResponse response =
        store().deleteRange(DeleteRangeRequest.key(key("a")).withPrevKv());

    assertThat(response.revision()).isEqualTo(created + 1);
    assertThat(response.deleted()).isEqualTo(1);
    assertThat(response.prevKvs())
        .containsExactly(new KeyValue(keyBytes("a"), created, created, 1, Bytes.of("1"), 0));
    assertThat(get("a")).isNull();
    assertThat(getAt("a", created).value()).isEqualTo(Bytes.of("1"));
  }

  @Test
  void deletingARangeRemovesEveryKeyInOneRevision() {
    put("r/1", "1");
    put("r/2", "2");
    put("keep", "3");
    long before = revision();

    DeleteRangeResponse response =
        store().deleteRange(DeleteRangeRequest.of(KeyRange.prefix(key("r/"))).withPrevKv());
    DeleteRangeResponse withoutPrev = store().deleteRange(DeleteRangeRequest.key(key("keep")));

    assertThat(response.revision()).isEqualTo(before + 1);
    assertThat(response.deleted()).isEqualTo(2);
    assertThat(response.prevKvs())
        .extracting(KeyValue::key)
        .containsExactly(keyBytes("r/1"), keyBytes("r/2"));
    assertThat(withoutPrev.prevKvs()).isEmpty();
    assertThat(store().range(RangeRequest.prefix(prefix())).kvs()).isEmpty();
    assertThat(store().range(RangeRequest.prefix(key("r/")).atRevision(before)).count())
        .isEqualTo(2);
  }

  // ---- malformed requests

  @Test
  void anEmptyKeyIsRefused() {
    long before = revision();

    assertThatThrownBy(() -> store().put(PutRequest.of("", "v")))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThatThrownBy(() -> store().range(RangeRequest.key("")))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThatThrownBy(() -> store().deleteRange(DeleteRangeRequest.key("")))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThatThrownBy(() -> store().txn(txn(List.of(), List.of(PutRequest.of("", "v")))))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                store().txn(txn(List.of(Compare.version("", Compare.Result.EQUAL, 0)), List.of())))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThat(revision()).isEqualTo(before);
  }

  @Test
  void aValueOverTheRequestLimitIsRefusedAndNothingIsStored() {
    long before = revision();
    Bytes justOver = Bytes.wrap(new byte[KeyValueStore.MAX_REQUEST_BYTES + 1]);
    Bytes farOver = Bytes.wrap(new byte[3 * 1024 * 1024]);

    assertThatThrownBy(() -> store().put(PutRequest.of(keyBytes("big"), justOver)))
        .isInstanceOf(StoreException.RequestTooLargeException.class);
    assertThatThrownBy(() -> store().put(PutRequest.of(keyBytes("big"), farOver)))
        .isInstanceOf(StoreException.RequestTooLargeException.class);
    assertThat(get("big")).isNull();
    assertThat(revision()).isEqualTo(before);
  }

  @Test
  void aValueJustUnderTheRequestLimitIsStored() {
    Bytes large = Bytes.wrap(new byte[KeyValueStore.MAX_REQUEST_BYTES - 1024]);

    put("a", "1");
    store().put(PutRequest.of(keyBytes("big"), large));

    assertThat(get("big").value().size()).isEqualTo(large.size());
  }
}
