package dev.ketch.store.etcd;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.ketch.store.Bytes;
import dev.ketch.store.Compare;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.DeleteRangeResponse;
import dev.ketch.store.Event;
import dev.ketch.store.KeyValue;
import dev.ketch.store.LeaseStatus;
import dev.ketch.store.Op;
import dev.ketch.store.OpResponse;
import dev.ketch.store.PutRequest;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreStatus;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import dev.ketch.store.WatchRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.api.StatusResponse;
import io.etcd.jetcd.api.WatchCreateRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the store's requests and responses and etcd's protobuf messages. Stateless.
 *
 * <p>The protobuf classes come from an etcd API definition that predates two fields etcd 3.4
 * understands: the {@code LEASE} compare target ({@code CompareTarget} value 4) and its operand
 * ({@code Compare.lease}, field 8). Both are written here by number, which puts exactly the bytes
 * on the wire that etcd's own client sends.
 */
final class ProtoMapping {

  private static final int COMPARE_TARGET_LEASE = 4;
  private static final int COMPARE_LEASE_FIELD = 8;

  private ProtoMapping() {}

  // ---- requests

  static io.etcd.jetcd.api.RangeRequest toProto(RangeRequest request) {
    return io.etcd.jetcd.api.RangeRequest.newBuilder()
        .setKey(bytes(request.range().key()))
        .setRangeEnd(bytes(request.range().rangeEnd()))
        .setRevision(Math.max(0, request.revision()))
        .setLimit(request.limit())
        .setKeysOnly(request.keysOnly())
        .setCountOnly(request.countOnly())
        .setSortOrder(io.etcd.jetcd.api.RangeRequest.SortOrder.valueOf(request.sortOrder().name()))
        .setSortTarget(
            io.etcd.jetcd.api.RangeRequest.SortTarget.valueOf(request.sortTarget().name()))
        .setMinModRevision(request.minModRevision())
        .setMaxModRevision(request.maxModRevision())
        .setMinCreateRevision(request.minCreateRevision())
        .setMaxCreateRevision(request.maxCreateRevision())
        .build();
  }

  static io.etcd.jetcd.api.PutRequest toProto(PutRequest request) {
    return io.etcd.jetcd.api.PutRequest.newBuilder()
        .setKey(bytes(request.key()))
        .setValue(bytes(request.value()))
        .setLease(request.lease())
        .setPrevKv(request.prevKv())
        .setIgnoreValue(request.ignoreValue())
        .setIgnoreLease(request.ignoreLease())
        .build();
  }

  static io.etcd.jetcd.api.DeleteRangeRequest toProto(DeleteRangeRequest request) {
    return io.etcd.jetcd.api.DeleteRangeRequest.newBuilder()
        .setKey(bytes(request.range().key()))
        .setRangeEnd(bytes(request.range().rangeEnd()))
        .setPrevKv(request.prevKv())
        .build();
  }

  static io.etcd.jetcd.api.TxnRequest toProto(TxnRequest request) {
    io.etcd.jetcd.api.TxnRequest.Builder txn = io.etcd.jetcd.api.TxnRequest.newBuilder();
    for (Compare compare : request.compare()) {
      txn.addCompare(toProto(compare));
    }
    for (Op op : request.success()) {
      txn.addSuccess(toRequestOp(op));
    }
    for (Op op : request.failure()) {
      txn.addFailure(toRequestOp(op));
    }
    return txn.build();
  }

  private static RequestOp toRequestOp(Op op) {
    RequestOp.Builder builder = RequestOp.newBuilder();
    switch (op) {
      case RangeRequest r -> builder.setRequestRange(toProto(r));
      case PutRequest p -> builder.setRequestPut(toProto(p));
      case DeleteRangeRequest d -> builder.setRequestDeleteRange(toProto(d));
      case TxnRequest t -> builder.setRequestTxn(toProto(t));
    }
    return builder.build();
  }

  static io.etcd.jetcd.api.Compare toProto(Compare compare) {
    io.etcd.jetcd.api.Compare.Builder builder =
        io.etcd.jetcd.api.Compare.newBuilder()
            .setKey(bytes(compare.range().key()))
            .setRangeEnd(bytes(compare.range().rangeEnd()))
            .setResult(io.etcd.jetcd.api.Compare.CompareResult.valueOf(compare.result().name()));
    switch (compare.target()) {
      case VERSION ->
          builder
              .setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VERSION)
              .setVersion(compare.number());
      case CREATE ->
          builder
              .setTarget(io.etcd.jetcd.api.Compare.CompareTarget.CREATE)
              .setCreateRevision(compare.number());
      case MOD ->
          builder
              .setTarget(io.etcd.jetcd.api.Compare.CompareTarget.MOD)
              .setModRevision(compare.number());
      case VALUE ->
          builder
              .setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VALUE)
              .setValue(bytes(compare.value()));
      case LEASE ->
          builder
              .setTargetValue(COMPARE_TARGET_LEASE)
              .setUnknownFields(
                  UnknownFieldSet.newBuilder()
                      .addField(
                          COMPARE_LEASE_FIELD,
                          UnknownFieldSet.Field.newBuilder().addVarint(compare.number()).build())
                      .build());
    }
    return builder.build();
  }

  static io.etcd.jetcd.api.WatchRequest toProto(WatchRequest request) {
    WatchCreateRequest.Builder create =
        WatchCreateRequest.newBuilder()
            .setKey(bytes(request.range().key()))
            .setRangeEnd(bytes(request.range().rangeEnd()))
            .setStartRevision(Math.max(0, request.startRevision()))
            .setPrevKv(request.prevKv());
    if (request.noPut()) {
      create.addFilters(WatchCreateRequest.FilterType.NOPUT);
    }
    if (request.noDelete()) {
      create.addFilters(WatchCreateRequest.FilterType.NODELETE);
    }
    return io.etcd.jetcd.api.WatchRequest.newBuilder().setCreateRequest(create).build();
  }

  // ---- responses

  static RangeResponse fromProto(io.etcd.jetcd.api.RangeResponse response) {
    return new RangeResponse(
        response.getHeader().getRevision(),
        keyValues(response.getKvsList()),
        response.getMore(),
        response.getCount());
  }

  static PutResponse fromProto(io.etcd.jetcd.api.PutResponse response) {
    return new PutResponse(
        response.getHeader().getRevision(),
        response.hasPrevKv() ? fromProto(response.getPrevKv()) : null);
  }

  static DeleteRangeResponse fromProto(io.etcd.jetcd.api.DeleteRangeResponse response) {
    return new DeleteRangeResponse(
        response.getHeader().getRevision(),
        response.getDeleted(),
        keyValues(response.getPrevKvsList()));
  }

  static TxnResponse fromProto(io.etcd.jetcd.api.TxnResponse response) {
    List<OpResponse> responses = new ArrayList<>(response.getResponsesCount());
    for (ResponseOp op : response.getResponsesList()) {
      responses.add(
          switch (op.getResponseCase()) {
            case RESPONSE_RANGE -> fromProto(op.getResponseRange());
            case RESPONSE_PUT -> fromProto(op.getResponsePut());
            case RESPONSE_DELETE_RANGE -> fromProto(op.getResponseDeleteRange());
            case RESPONSE_TXN -> fromProto(op.getResponseTxn());
            case RESPONSE_NOT_SET ->
                throw new IllegalStateException("etcd sent a transaction response without a body");
          });
    }
    return new TxnResponse(response.getHeader().getRevision(), response.getSucceeded(), responses);
  }

  static KeyValue fromProto(io.etcd.jetcd.api.KeyValue kv) {
    return new KeyValue(
        bytes(kv.getKey()),
        kv.getCreateRevision(),
        kv.getModRevision(),
        kv.getVersion(),
        bytes(kv.getValue()),
        kv.getLease());
  }

  static Event fromProto(io.etcd.jetcd.api.Event event) {
    Event.Type type =
        switch (event.getType()) {
          case PUT -> Event.Type.PUT;
          case DELETE -> Event.Type.DELETE;
          case UNRECOGNIZED ->
              throw new IllegalStateException("etcd sent an unknown event type " + event);
        };
    return new Event(
        type, fromProto(event.getKv()), event.hasPrevKv() ? fromProto(event.getPrevKv()) : null);
  }

  static List<Event> events(List<io.etcd.jetcd.api.Event> events) {
    List<Event> result = new ArrayList<>(events.size());
    for (io.etcd.jetcd.api.Event event : events) {
      result.add(fromProto(event));
    }
    return result;
  }

  static LeaseStatus fromProto(LeaseTimeToLiveResponse response) {
    List<Bytes> keys = new ArrayList<>(response.getKeysCount());
    for (ByteString key : response.getKeysList()) {
      keys.add(bytes(key));
    }
    return new LeaseStatus(response.getID(), response.getTTL(), response.getGrantedTTL(), keys);
  }

  /** etcd does not report its compaction point in a status; see {@link StoreStatus}. */
  static StoreStatus fromProto(StatusResponse response) {
    return new StoreStatus(
        response.getHeader().getRevision(),
        -1,
        response.getDbSize(),
        response.getDbSizeInUse(),
        response.getVersion());
  }

  private static List<KeyValue> keyValues(List<io.etcd.jetcd.api.KeyValue> kvs) {
    List<KeyValue> result = new ArrayList<>(kvs.size());
    for (io.etcd.jetcd.api.KeyValue kv : kvs) {
      result.add(fromProto(kv));
    }
    return result;
  }

  static ByteString bytes(Bytes bytes) {
    return bytes.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(bytes.unsafeArray());
  }

  static Bytes bytes(ByteString bytes) {
    return Bytes.wrap(bytes.toByteArray());
  }
}
