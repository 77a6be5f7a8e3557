package dev.ketch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.store.Compare.Result;
import dev.ketch.store.Compare.Target;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Transactions: compares, branches, nesting, the one-write-per-key rule and compare-and-swap. */
public abstract class TxnContract extends KeyValueStoreContract {

  private boolean holds(Compare compare) {
    return store().txn(txn(List.of(compare), List.of())).succeeded();
  }

  private static Compare compare(String key, Target target, Result result, long number) {
    return new Compare(KeyRange.single(key), target, result, number, Bytes.EMPTY);
  }

  // ---- compares

  /** The key "a" is created at revision c, put again at c + 1: version 2, value "m", no lease. */
  static Stream<Arguments> compareCases() {
    return Stream.of(
        Arguments.of("version = 2", Target.VERSION, Result.EQUAL, 2L, true),
        Arguments.of("version != 2", Target.VERSION, Result.NOT_EQUAL, 2L, false),
        Arguments.of("version > 1", Target.VERSION, Result.GREATER, 1L, true),
        Arguments.of("version < 2", Target.VERSION, Result.LESS, 2L, false),
        Arguments.of("create = c", Target.CREATE, Result.EQUAL, 0L, true),
        Arguments.of("create > c", Target.CREATE, Result.GREATER, 0L, false),
        Arguments.of("create < c + 1", Target.CREATE, Result.LESS, 1L, true),
        Arguments.of("create != c", Target.CREATE, Result.NOT_EQUAL, 0L, false),
        Arguments.of("mod = c + 1", Target.MOD, Result.EQUAL, 1L, true),
        Arguments.of("mod > c", Target.MOD, Result.GREATER, 0L, true),
        Arguments.of("mod < c + 1", Target.MOD, Result.LESS, 1L, false),
        Arguments.of("mod != c", Target.MOD, Result.NOT_EQUAL, 0L, true),
        Arguments.of("lease = 0", Target.LEASE, Result.EQUAL, 0L, true),
        Arguments.of("lease > 0", Target.LEASE, Result.GREATER, 0L, false),
        Arguments.of("lease != 0", Target.LEASE, Result.NOT_EQUAL, 0L, false),
        Arguments.of("lease < 1", Target.LEASE, Result.LESS, 1L, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compareCases")
  void comparesTheNumbersOfAKey(
      String name, Target target, Result result, long operand, boolean expected) {
    long created = put("a", "x").revision();
    put("a", "m");
    long number = target == Target.CREATE || target == Target.MOD ? created + operand : operand;

    assertThat(holds(compare(key("a"), target, result, number))).isEqualTo(expected);
  }

  static Stream<Arguments> valueCases() {
    return Stream.of(
        Arguments.of("value = m", Result.EQUAL, "m", true),
        Arguments.of("value = n", Result.EQUAL, "n", false),
        Arguments.of("value > l", Result.GREATER, "l", true),
        Arguments.of("value > ma", Result.GREATER, "ma", false),
        Arguments.of("value < ma", Result.LESS, "ma", true),
        Arguments.of("value < m", Result.LESS, "m", false),
        Arguments.of("value != n", Result.NOT_EQUAL, "n", true),
        Arguments.of("value != m", Result.NOT_EQUAL, "m", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCases")
  void comparesTheValueOfAKeyByteByByte(
      String name, Result result, String value, boolean expected) {
    put("a", "m");

    assertThat(holds(Compare.value(key("a"), result, value))).isEqualTo(expected);
  }

  static Stream<Arguments> absentKeyCases() {
    return Stream.of(
        Arguments.of("version = 0", compare(Target.VERSION, Result.EQUAL, 0), true),
        Arguments.of("create = 0", compare(Target.CREATE, Result.EQUAL, 0), true),
        Arguments.of("mod = 0", compare(Target.MOD, Result.EQUAL, 0), true),
        Arguments.of("mod < 1", compare(Target.MOD, Result.LESS, 1), true),
        Arguments.of("mod > 0", compare(Target.MOD, Result.GREATER, 0), false),
        Arguments.of("lease = 0", compare(Target.LEASE, Result.EQUAL, 0), true),
        Arguments.of("value = empty", valueCompare(Result.EQUAL, ""), false),
        Arguments.of("value != x", valueCompare(Result.NOT_EQUAL, "x"), false),
        Arguments.of("value > empty", valueCompare(Result.GREATER, ""), false),
        Arguments.of("value < x", valueCompare(Result.LESS, "x"), false));
  }

  private static Function<String, Compare> compare(Target target, Result result, long number) {
    return key -> compare(key, target, result, number);
  }

  private static Function<String, Compare> valueCompare(Result result, String value) {
    return key -> Compare.value(key, result, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("absentKeyCases")
  void anAbsentKeyHasZeroNumbersAndNoValue(
      String name, Function<String, Compare> compare, boolean expected) {
    assertThat(holds(compare.apply(key("absent")))).isEqualTo(expected);
  }

  @Test
  void comparesOverARangeHoldOnlyIfEveryKeyMatches() {
    put("r/1", "same");
    put("r/2", "same");
    put("r/3", "other");
    KeyRange firstTwo = KeyRange.between(keyBytes("r/1"), keyBytes("r/3"));
    KeyRange all = KeyRange.prefix(keyBytes("r/"));

    assertThat(holds(new Compare(firstTwo, Target.VALUE, Result.EQUAL, 0, Bytes.of("same"))))
        .isTrue();
    assertThat(holds(new Compare(all, Target.VALUE, Result.EQUAL, 0, Bytes.of("same")))).isFalse();
    assertThat(holds(new Compare(all, Target.VERSION, Result.EQUAL, 1, Bytes.EMPTY))).isTrue();
    assertThat(holds(new Compare(all, Target.CREATE, Result.GREATER, startRevision(), Bytes.EMPTY)))
        .isTrue();
  }

  @Test
  void anEmptyRangeComparesLikeOneAbsentKey() {
    KeyRange empty = KeyRange.prefix(keyBytes("none/"));

    assertThat(holds(new Compare(empty, Target.VERSION, Result.EQUAL, 0, Bytes.EMPTY))).isTrue();
    assertThat(holds(new Compare(empty, Target.MOD, Result.GREATER, 0, Bytes.EMPTY))).isFalse();
    assertThat(holds(new Compare(empty, Target.VALUE, Result.NOT_EQUAL, 0, Bytes.of("x"))))
        .isFalse();
  }

  @Test
  void everyCompareMustHold() {
    long created = put("a", "1").revision();

    assertThat(
            holds(Compare.modRevision(key("a"), Result.EQUAL, created))
                && holds(Compare.version(key("a"), Result.EQUAL, 1)))
        .isTrue();
    assertThat(
            store()
                .txn(
                    txn(
                        List.of(
                            Compare.modRevision(key("a"), Result.EQUAL, created),
                            Compare.version(key("a"), Result.EQUAL, 2)),
                        List.of()))
                .succeeded())
        .isFalse();
  }

  // ---- branches and responses

  @Test
  void theSuccessBranchRunsWhenTheComparesHoldWithOneResponsePerOp() {
    put("a", "1");
    long before = revision();

    TxnResponse response =
        store()
            .txn(
                new TxnRequest(
                    List.of(Compare.value(key("a"), Result.EQUAL, "1")),
                    List.of(
                        PutRequest.of(key("b"), "2").withPrevKv(),
                        RangeRequest.key(key("a")),
                        DeleteRangeRequest.key(key("a")).withPrevKv()),
                    List.of(PutRequest.of(key("c"), "failure"))));

    assertThat(response.succeeded()).isTrue();
    assertThat(response.revision()).isEqualTo(before + 1);
    assertThat(response.responses()).hasSize(3);
    assertThat(response.responses().get(0))
        .isInstanceOfSatisfying(PutResponse.class, put -> assertThat(put.prevKv()).isNull());
    assertThat(response.responses().get(1))
        .isInstanceOfSatisfying(
            RangeResponse.class,
            range -> assertThat(range.single().value()).isEqualTo(Bytes.of("1")));
    assertThat(response.responses().get(2))
        .isInstanceOfSatisfying(
            DeleteRangeResponse.class, delete -> assertThat(delete.deleted()).isEqualTo(1));
    assertThat(get("c")).isNull();
  }

  @Test
  void theFailureBranchRunsWhenACompareFails() {
    put("a", "1");
    long before = revision();

    TxnResponse response =
        store()
            .txn(
                new TxnRequest(
                    List.of(Compare.value(key("a"), Result.EQUAL, "other")),
                    List.of(PutRequest.of(key("b"), "success")),
                    List.of(PutRequest.of(key("c"), "failure"), RangeRequest.key(key("a")))));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.revision()).isEqualTo(before + 1);
    assertThat(response.responses()).hasSize(2);
    assertThat(response.responses().get(1))
        .isInstanceOfSatisfying(
            RangeResponse.class, range -> assertThat(range.count()).isEqualTo(1));
    assertThat(get("b")).isNull();
    assertThat(get("c").value()).isEqualTo(Bytes.of("failure"));
  }

  @Test
  void allWritesOfATransactionShareOneRevision() {
    put("old", "1");
    long before = revision();

    TxnResponse response =
        store()
            .txn(
                txn(
                    List.of(),
                    List.of(
                        PutRequest.of(key("a"), "1"),
                        PutRequest.of(key("b"), "2"),
                        DeleteRangeRequest.key(key("old")))));

    assertThat(response.revision()).isEqualTo(before + 1);
    assertThat(get("a").modRevision()).isEqualTo(before + 1);
    assertThat(get("b").modRevision()).isEqualTo(before + 1);
    assertThat(get("old")).isNull();
    assertThat(revision()).isEqualTo(before + 1);
  }

  @Test
  void readsInsideATransactionSeeItsEarlierWritesAndReportTheirRevision() {
    // etcd reports, per op, the revision of the view it read: before or after the first write.
    long before = put("x", "0").revision();

    TxnResponse response =
        store()
            .txn(
                txn(
                    List.of(),
                    List.of(
                        RangeRequest.prefix(key("n/")),
                        PutRequest.of(key("n/1"), "v"),
                        RangeRequest.prefix(key("n/")),
                        DeleteRangeRequest.key(key("n/absent")))));

    assertThat(response.responses())
        .extracting(OpResponse::revision)
        .containsExactly(before, before + 1, before + 1, before + 1);
    assertThat(((RangeResponse) response.responses().get(0)).count()).isZero();
    assertThat(((RangeResponse) response.responses().get(2)).count()).isEqualTo(1);
  }

  @Test
  void aWriteToAMissingLeaseFailsTheWholeTransaction() {
    long before = revision();

    assertThatThrownBy(
            () ->
                store()
                    .txn(
                        txn(
                            List.of(),
                            List.of(
                                PutRequest.of(key("a"), "1"),
                                PutRequest.of(key("b"), "2").withLease(123456789)))))
        .isInstanceOf(StoreException.LeaseNotFoundException.class);
    assertThat(get("a")).isNull();
    assertThat(revision()).isEqualTo(before);
  }

  // ---- nesting

  @Test
  void nestedTransactionsRunTheirOwnBranch() {
    put("a", "1");
    long before = revision();
    TxnRequest inner =
        new TxnRequest(
            List.of(Compare.value(key("a"), Result.EQUAL, "1")),
            List.of(PutRequest.of(key("inner"), "success"), RangeRequest.key(key("outer"))),
            List.of(PutRequest.of(key("inner"), "failure")));

    TxnResponse response =
        store().txn(txn(List.of(), List.of(PutRequest.of(key("outer"), "o"), inner)));

    assertThat(response.revision()).isEqualTo(before + 1);
    assertThat(get("inner"))
        .isEqualTo(
            new KeyValue(keyBytes("inner"), before + 1, before + 1, 1, Bytes.of("success"), 0));
    assertThat(response.responses().get(1))
        .isInstanceOfSatisfying(
            TxnResponse.class,
            nested -> {
              assertThat(nested.succeeded()).isTrue();
              // etcd leaves the header of a nested response empty: its revision is 0.
              assertThat(nested.revision()).isZero();
              assertThat(nested.responses().get(0).revision()).isEqualTo(before + 1);
              assertThat(((RangeResponse) nested.responses().get(1)).count()).isEqualTo(1);
            });
  }

  @Test
  void nestedComparesSeeTheStoreAsItWasBeforeTheTransaction() {
    // etcd decides every branch, nested ones too, before it applies any write.
    TxnRequest inner =
        new TxnRequest(
            List.of(Compare.version(key("a"), Result.EQUAL, 0)),
            List.of(PutRequest.of(key("seen"), "absent")),
            List.of(PutRequest.of(key("seen"), "present")));

    store().txn(txn(List.of(), List.of(PutRequest.of(key("a"), "1"), inner)));

    assertThat(get("seen").value()).isEqualTo(Bytes.of("absent"));
  }

  // ---- one write per key

  static Stream<Arguments> duplicateWrites() {
    Function<String, Op> put = key -> PutRequest.of(key, "v");
    return Stream.of(
        Arguments.of(
            "put twice", (Function<String, List<Op>>) k -> List.of(put.apply(k), put.apply(k))),
        Arguments.of(
            "put then delete of a range holding it",
            (Function<String, List<Op>>)
                k -> List.of(put.apply(k), DeleteRangeRequest.of(KeyRange.prefix(k)))),
        Arguments.of(
            "delete then put",
            (Function<String, List<Op>>) k -> List.of(DeleteRangeRequest.key(k), put.apply(k))),
        Arguments.of(
            "put outside and inside a nested transaction",
            (Function<String, List<Op>>)
                k ->
                    List.of(
                        put.apply(k), new TxnRequest(List.of(), List.of(put.apply(k)), List.of()))),
        // etcd checks every branch of a nested transaction, even one that cannot run with the
        // other.
        Arguments.of(
            "put outside and in a nested failure branch",
            (Function<String, List<Op>>)
                k ->
                    List.of(
                        put.apply(k), new TxnRequest(List.of(), List.of(), List.of(put.apply(k))))),
        Arguments.of(
            "put in two nested transactions",
            (Function<String, List<Op>>)
                k ->
                    List.of(
                        new TxnRequest(List.of(), List.of(put.apply(k)), List.of()),
                        new TxnRequest(List.of(), List.of(put.apply(k)), List.of()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("duplicateWrites")
  void writingAKeyTwiceInOneBranchIsRefused(String name, Function<String, List<Op>> ops) {
    long before = revision();

    assertThatThrownBy(() -> store().txn(txn(List.of(), ops.apply(key("a")))))
        .isInstanceOf(StoreException.InvalidRequestException.class);
    assertThat(get("a")).isNull();
    assertThat(revision()).isEqualTo(before);
  }

  @Test
  void theSameKeyMayBeWrittenInBothBranchesAndDeletedByOverlappingRanges() {
    put("a/1", "1");

    TxnResponse bothBranches =
        store()
            .txn(
                new TxnRequest(
                    List.of(),
                    List.of(PutRequest.of(key("b"), "success")),
                    List.of(PutRequest.of(key("b"), "failure"))));
    TxnResponse overlappingDeletes =
        store()
            .txn(
                txn(
                    List.of(),
                    List.of(
                        DeleteRangeRequest.of(KeyRange.prefix(key("a/"))),
                        DeleteRangeRequest.key(key("a/1")))));

    assertThat(bothBranches.succeeded()).isTrue();
    assertThat(get("b").value()).isEqualTo(Bytes.of("success"));
    assertThat(overlappingDeletes.responses())
        .extracting(r -> ((DeleteRangeResponse) r).deleted())
        .containsExactly(1L, 0L);
  }

  // ---- compare-and-swap as the Kubernetes API server does it

  private TxnResponse createIfAbsent(String name, String value) {
    return store()
        .txn(
            new TxnRequest(
                List.of(Compare.createRevision(key(name), Result.EQUAL, 0)),
                List.of(PutRequest.of(key(name), value)),
                List.of(RangeRequest.key(key(name)))));
  }

  private TxnResponse updateIf(String name, long modRevision, String value) {
    return store()
        .txn(
            new TxnRequest(
                List.of(Compare.modRevision(key(name), Result.EQUAL, modRevision)),
                List.of(PutRequest.of(key(name), value)),
                List.of(RangeRequest.key(key(name)))));
  }

  private TxnResponse deleteIf(String name, long modRevision) {
    return store()
        .txn(
            new TxnRequest(
                List.of(Compare.modRevision(key(name), Result.EQUAL, modRevision)),
                List.of(DeleteRangeRequest.key(key(name)).withPrevKv()),
                List.of(RangeRequest.key(key(name)))));
  }

  @Test
  void createSucceedsOnlyWhileTheKeyIsAbsent() {
    TxnResponse created = createIfAbsent("pod", "v1");
    TxnResponse again = createIfAbsent("pod", "v2");

    assertThat(created.succeeded()).isTrue();
    assertThat(again.succeeded()).isFalse();
    assertThat(again.revision()).isEqualTo(created.revision());
    assertThat(((RangeResponse) again.responses().getFirst()).single())
        .isEqualTo(
            new KeyValue(
                keyBytes("pod"), created.revision(), created.revision(), 1, Bytes.of("v1"), 0));
  }

  @Test
  void updateSucceedsOnlyAtTheExpectedModRevision() {
    long created = createIfAbsent("pod", "v1").revision();

    TxnResponse updated = updateIf("pod", created, "v2");
    TxnResponse stale = updateIf("pod", created, "v3");

    assertThat(updated.succeeded()).isTrue();
    assertThat(updated.revision()).isEqualTo(created + 1);
    assertThat(stale.succeeded()).isFalse();
    assertThat(((RangeResponse) stale.responses().getFirst()).single().modRevision())
        .isEqualTo(updated.revision());
    assertThat(get("pod").value()).isEqualTo(Bytes.of("v2"));
  }

  @Test
  void deleteSucceedsOnlyAtTheExpectedModRevision() {
    long created = createIfAbsent("pod", "v1").revision();
    long updated = updateIf("pod", created, "v2").revision();

    TxnResponse stale = deleteIf("pod", created);
    TxnResponse deleted = deleteIf("pod", updated);
    TxnResponse gone = deleteIf("pod", updated);

    assertThat(stale.succeeded()).isFalse();
    assertThat(deleted.succeeded()).isTrue();
    assertThat(((DeleteRangeResponse) deleted.responses().getFirst()).prevKvs())
        .extracting(KeyValue::modRevision)
        .containsExactly(updated);
    assertThat(gone.succeeded()).isFalse();
    assertThat(((RangeResponse) gone.responses().getFirst()).kvs()).isEmpty();
    assertThat(get("pod")).isNull();
  }
}
