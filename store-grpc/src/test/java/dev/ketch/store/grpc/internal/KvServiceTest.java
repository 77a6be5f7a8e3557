package dev.ketch.store.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.ketch.store.Bytes;
import dev.ketch.store.Compare;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValue;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreException;
import dev.ketch.store.TxnResponse;
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.grpc.Status;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The KV service over a recording store: what reaches the store, and what the client sees. */
class KvServiceTest {

  private static final ResponseHeaders HEADERS = new ResponseHeaders(11, 22, 3);

  private final RecordingStore store = new RecordingStore();
  private final KvService service = new KvService(new ServiceContext(store, HEADERS, 4));

  @Test
  void rangeTranslatesEveryOption() {
    store.answer(
        r ->
            new RangeResponse(
                5, List.of(new KeyValue(Bytes.of("a"), 2, 4, 3, Bytes.of("v"), 9)), true, 12));
    var responses = new Responses<io.etcd.jetcd.api.RangeResponse>();
    service.range(
        RangeRequest.newBuilder()
            .setKey(bytes("a"))
            .setRangeEnd(bytes("b"))
            .setRevision(4)
            .setLimit(1)
            .setKeysOnly(true)
            .setCountOnly(false)
            .setSortOrder(RangeRequest.SortOrder.DESCEND)
            .setSortTarget(RangeRequest.SortTarget.MOD)
            .setMinModRevision(1)
            .setMaxModRevision(2)
            .setMinCreateRevision(3)
            .setMaxCreateRevision(4)
            .setSerializable(true)
            .build(),
        responses);

    assertThat(store.calls)
        .containsExactly(
            new dev.ketch.store.RangeRequest(
                KeyRange.between(Bytes.of("a"), Bytes.of("b")),
                4,
                1,
                true,
                false,
                dev.ketch.store.RangeRequest.SortOrder.DESCEND,
                dev.ketch.store.RangeRequest.SortTarget.MOD,
                1,
                2,
                3,
                4));
    var response = responses.single();
    assertThat(response.getHeader().getClusterId()).isEqualTo(11);
    assertThat(response.getHeader().getMemberId()).isEqualTo(22);
    assertThat(response.getHeader().getRaftTerm()).isEqualTo(3);
    assertThat(response.getHeader().getRevision()).isEqualTo(5);
    assertThat(response.getMore()).isTrue();
    assertThat(response.getCount()).isEqualTo(12);
    var kv = response.getKvs(0);
    assertThat(kv.getKey().toStringUtf8()).isEqualTo("a");
    assertThat(kv.getValue().toStringUtf8()).isEqualTo("v");
    assertThat(List.of(kv.getCreateRevision(), kv.getModRevision(), kv.getVersion(), kv.getLease()))
        .containsExactly(2L, 4L, 3L, 9L);
  }

  @Test
  void putReturnsThePreviousKey() {
    store.answer(r -> new PutResponse(8, new KeyValue(Bytes.of("k"), 2, 2, 1, Bytes.of("old"), 0)));
    var responses = new Responses<io.etcd.jetcd.api.PutResponse>();
    service.put(
        PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes("new")).setLease(5).setPrevKv(true).build(),
        responses);
    assertThat(store.calls)
        .containsExactly(
            new dev.ketch.store.PutRequest(Bytes.of("k"), Bytes.of("new"), 5, true, false, false));
    assertThat(responses.single().getPrevKv().getValue().toStringUtf8()).isEqualTo("old");
    assertThat(responses.single().getHeader().getRevision()).isEqualTo(8);
  }

  @Test
  void txnTranslatesComparesIncludingLeaseAndRangesAndNestedTransactions() {
    store.answer(
        r ->
            new TxnResponse(
                9,
                false,
                List.of(
                    new RangeResponse(9, List.of(), false, 0),
                    new TxnResponse(9, true, List.of(new PutResponse(9, null))))));
    var leaseCompare =
        io.etcd.jetcd.api.Compare.newBuilder()
            .setKey(bytes("l"))
            .setTargetValue(4)
            .setResult(io.etcd.jetcd.api.Compare.CompareResult.GREATER)
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(8, UnknownFieldSet.Field.newBuilder().addVarint(77).build())
                    .build())
            .build();
    var rangeCompare =
        io.etcd.jetcd.api.Compare.newBuilder()
            .setKey(bytes("a"))
            .setRangeEnd(bytes("c"))
            .setTarget(io.etcd.jetcd.api.Compare.CompareTarget.MOD)
            .setResult(io.etcd.jetcd.api.Compare.CompareResult.LESS)
            .setModRevision(6)
            .build();
    var valueCompare =
        io.etcd.jetcd.api.Compare.newBuilder()
            .setKey(bytes("v"))
            .setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VALUE)
            .setResult(io.etcd.jetcd.api.Compare.CompareResult.NOT_EQUAL)
            .setValue(bytes("x"))
            .build();
    var nested =
        TxnRequest.newBuilder().addSuccess(putOp("n", "1")).build();
    var responses = new Responses<io.etcd.jetcd.api.TxnResponse>();
    service.txn(
        TxnRequest.newBuilder()
            .addCompare(leaseCompare)
            .addCompare(rangeCompare)
            .addCompare(valueCompare)
            .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(bytes("r"))))
            .addFailure(RequestOp.newBuilder().setRequestTxn(nested))
            .build(),
        responses);

    var txn = (dev.ketch.store.TxnRequest) store.calls.getFirst();
    assertThat(txn.compare())
        .containsExactly(
            new Compare(KeyRange.single("l"), Compare.Target.LEASE, Compare.Result.GREATER, 77, Bytes.EMPTY),
            new Compare(
                KeyRange.between(Bytes.of("a"), Bytes.of("c")),
                Compare.Target.MOD,
                Compare.Result.LESS,
                6,
                Bytes.EMPTY),
            new Compare(KeyRange.single("v"), Compare.Target.VALUE, Compare.Result.NOT_EQUAL, 0, Bytes.of("x")));
    assertThat(txn.success()).isEmpty();
    assertThat(txn.failure().get(1))
        .isEqualTo(
            new dev.ketch.store.TxnRequest(
                List.of(), List.of(dev.ketch.store.PutRequest.of("n", "1")), List.of()));

    var response = responses.single();
    assertThat(response.getSucceeded()).isFalse();
    assertThat(response.getResponses(0).hasResponseRange()).isTrue();
    // Nested responses carry only their revision, as etcd's do.
    assertThat(response.getResponses(0).getResponseRange().getHeader().getMemberId()).isZero();
    assertThat(response.getResponses(1).getResponseTxn().getResponses(0).hasResponsePut()).isTrue();
  }

  static Stream<Arguments> malformedRequests() {
    RequestOp emptyKeyPut = RequestOp.newBuilder().setRequestPut(PutRequest.getDefaultInstance()).build();
    TxnRequest.Builder tooMany = TxnRequest.newBuilder();
    for (int i = 0; i < 5; i++) {
      tooMany.addSuccess(putOp("k" + i, "v"));
    }
    TxnRequest.Builder nestedTooMany = TxnRequest.newBuilder().addSuccess(putOp("a", "1"));
    nestedTooMany.addSuccess(
        RequestOp.newBuilder()
            .setRequestTxn(TxnRequest.newBuilder().addSuccess(putOp("b", "1")).addSuccess(putOp("c", "1"))
                .addSuccess(putOp("d", "1"))));
    return Stream.of(
        malformed("range without key", (s, r) -> s.range(RangeRequest.getDefaultInstance(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
        malformed("range with an unknown sort order",
            (s, r) -> s.range(RangeRequest.newBuilder().setKey(bytes("a")).setSortOrderValue(9).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "unknown sort order 9"),
        malformed("put without key", (s, r) -> s.put(PutRequest.getDefaultInstance(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
        malformed("put ignoring a value it gives",
            (s, r) -> s.put(PutRequest.newBuilder().setKey(bytes("k")).setValue(bytes("v")).setIgnoreValue(true).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided"),
        malformed("put ignoring a lease it gives",
            (s, r) -> s.put(PutRequest.newBuilder().setKey(bytes("k")).setLease(3).setIgnoreLease(true).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided"),
        malformed("put over the size limit",
            (s, r) -> s.put(PutRequest.newBuilder().setKey(bytes("k"))
                .setValue(ByteString.copyFrom(new byte[KeyValueStore.MAX_REQUEST_BYTES])).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large"),
        malformed("delete without key", (s, r) -> s.deleteRange(DeleteRangeRequest.getDefaultInstance(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
        malformed("txn with an empty key deep in a nested txn",
            (s, r) -> s.txn(TxnRequest.newBuilder().addSuccess(putOp("ok", "1")).addSuccess(
                RequestOp.newBuilder().setRequestTxn(TxnRequest.newBuilder().addFailure(emptyKeyPut))).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
        malformed("txn with an empty operation",
            (s, r) -> s.txn(TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key not found"),
        malformed("txn with a compare without key",
            (s, r) -> s.txn(TxnRequest.newBuilder().addCompare(io.etcd.jetcd.api.Compare.getDefaultInstance()).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
        malformed("txn with an unknown compare target",
            (s, r) -> s.txn(TxnRequest.newBuilder().addCompare(io.etcd.jetcd.api.Compare.newBuilder()
                .setKey(bytes("k")).setTargetValue(12)).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "unknown compare target 12"),
        malformed("txn putting a key twice",
            (s, r) -> s.txn(TxnRequest.newBuilder().addSuccess(putOp("k", "1")).addSuccess(putOp("k", "2")).build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request"),
        malformed("txn with too many operations", (s, r) -> s.txn(tooMany.build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request"),
        malformed("nested txn over what its parent left", (s, r) -> s.txn(nestedTooMany.build(), r.typed()),
            Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void malformedRequestsNeverReachTheStore(
      String name, BiConsumer<KvService, Responses<Object>> call, Status.Code code, String message) {
    var responses = new Responses<Object>();
    call.accept(service, responses);
    assertThat(responses.error).isNotNull();
    assertThat(responses.error.getCode()).isEqualTo(code);
    assertThat(responses.error.getDescription()).isEqualTo(message);
    assertThat(store.calls).isEmpty();
  }

  static Stream<Arguments> storeFailures() {
    return Stream.of(
        Arguments.of(new StoreException.CompactedException(4), Status.Code.OUT_OF_RANGE,
            "etcdserver: mvcc: required revision has been compacted"),
        Arguments.of(new StoreException.FutureRevisionException(), Status.Code.OUT_OF_RANGE,
            "etcdserver: mvcc: required revision is a future revision"),
        Arguments.of(new StoreException.LeaseNotFoundException(), Status.Code.NOT_FOUND,
            "etcdserver: requested lease not found"),
        Arguments.of(new StoreException.RequestTooLargeException(), Status.Code.INVALID_ARGUMENT,
            "etcdserver: request is too large"),
        Arguments.of(new StoreException.InvalidRequestException("etcdserver: key not found"),
            Status.Code.INVALID_ARGUMENT, "etcdserver: key not found"),
        Arguments.of(new StoreException.UnavailableException("store is closed", null),
            Status.Code.UNAVAILABLE, "store is closed"),
        Arguments.of(new IllegalStateException("boom"), Status.Code.UNKNOWN, "boom"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storeFailures")
  void storeFailuresBecomeEtcdErrors(RuntimeException failure, Status.Code code, String message) {
    store.failWith(failure);
    var responses = new Responses<io.etcd.jetcd.api.PutResponse>();
    service.put(PutRequest.newBuilder().setKey(bytes("k")).build(), responses);
    assertThat(responses.error.getCode()).isEqualTo(code);
    assertThat(responses.error.getDescription()).isEqualTo(message);
  }

  @Test
  void compactAnswersAtTheCurrentRevision() {
    var responses = new Responses<io.etcd.jetcd.api.CompactionResponse>();
    service.compact(CompactionRequest.newBuilder().setRevision(3).setPhysical(true).build(), responses);
    assertThat(store.calls).containsExactly(new RecordingStore.Compact(3));
    assertThat(responses.single().getHeader().getRevision()).isEqualTo(RecordingStore.REVISION);
  }

  private static Arguments malformed(
      String name, BiConsumer<KvService, Responses<Object>> call, Status.Code code, String message) {
    return Arguments.of(name, call, code, message);
  }

  private static RequestOp putOp(String key, String value) {
    return RequestOp.newBuilder()
        .setRequestPut(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)))
        .build();
  }

  private static ByteString bytes(String text) {
    return ByteString.copyFromUtf8(text);
  }
}
