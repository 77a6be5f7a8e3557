package dev.ketch.store.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import dev.ketch.store.Bytes;
import dev.ketch.store.Compare;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.DeleteRangeResponse;
import dev.ketch.store.Event;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValue;
import dev.ketch.store.Op;
import dev.ketch.store.OpResponse;
import dev.ketch.store.PutRequest;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.ResponseOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates etcd's key-value messages to the store's requests and the store's responses back.
 *
 * <p>Requests are checked as etcd's server checks them before they reach the store (an empty key,
 * a value or lease given with {@code ignore_value} or {@code ignore_lease}, an empty operation), so
 * that a malformed request fails with etcd's error and never reaches the store half-understood.
 *
 * <p>jetcd's copy of etcd's protocol lacks a few fields that etcd 3.4 has; those are read from the
 * unknown fields that protobuf keeps: the lease operand of a comparison (field 8, with target 4).
 */
public final class KvProtos {

  /** etcd's {@code Compare.target} value for the lease of a key, missing from jetcd's enum. */
  static final int COMPARE_TARGET_LEASE = 4;

  /** etcd's field number of the lease operand of a comparison, missing from jetcd's message. */
  static final int COMPARE_LEASE_FIELD = 8;

  private KvProtos() {}

  // Bytes

  public static ByteString byteString(Bytes bytes) {
    // Bytes never changes its array, so protobuf may share it.
    return bytes.isEmpty() ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(bytes.unsafeArray());
  }

  public static Bytes bytes(ByteString bytes) {
    return bytes.isEmpty() ? Bytes.EMPTY : Bytes.wrap(bytes.toByteArray());
  }

  /** The keys named by etcd's {@code key} and {@code range_end}; the conventions are the same. */
  public static KeyRange keyRange(ByteString key, ByteString rangeEnd) {
    return new KeyRange(bytes(key), bytes(rangeEnd));
  }

  // Requests

  public static RangeRequest range(io.etcd.jetcd.api.RangeRequest r) {
    requireKey(r.getKey());
    return new RangeRequest(
        keyRange(r.getKey(), r.getRangeEnd()),
        r.getRevision(),
        Math.max(0, r.getLimit()),
        r.getKeysOnly(),
        r.getCountOnly(),
        sortOrder(r.getSortOrderValue()),
        sortTarget(r.getSortTargetValue()),
        r.getMinModRevision(),
        r.getMaxModRevision(),
        r.getMinCreateRevision(),
        r.getMaxCreateRevision());
  }

  public static PutRequest put(io.etcd.jetcd.api.PutRequest r) {
    requireKey(r.getKey());
    if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
      throw EtcdErrors.valueProvided();
    }
    if (r.getIgnoreLease() && r.getLease() != 0) {
      throw EtcdErrors.leaseProvided();
    }
    return new PutRequest(
        bytes(r.getKey()),
        bytes(r.getValue()),
        r.getLease(),
        r.getPrevKv(),
        r.getIgnoreValue(),
        r.getIgnoreLease());
  }

  public static DeleteRangeRequest deleteRange(io.etcd.jetcd.api.DeleteRangeRequest r) {
    requireKey(r.getKey());
    return new DeleteRangeRequest(keyRange(r.getKey(), r.getRangeEnd()), r.getPrevKv());
  }

  /** The transaction, checked in etcd's order: comparisons, then success, then failure. */
  public static TxnRequest txn(io.etcd.jetcd.api.TxnRequest r) {
    List<Compare> compares = new ArrayList<>(r.getCompareCount());
    for (io.etcd.jetcd.api.Compare c : r.getCompareList()) {
      compares.add(compare(c));
    }
    return new TxnRequest(compares, ops(r.getSuccessList()), ops(r.getFailureList()));
  }

  private static List<Op> ops(List<RequestOp> requests) {
    List<Op> ops = new ArrayList<>(requests.size());
    for (RequestOp op : requests) {
      ops.add(
          switch (op.getRequestCase()) {
            case REQUEST_RANGE -> range(op.getRequestRange());
            case REQUEST_PUT -> put(op.getRequestPut());
            case REQUEST_DELETE_RANGE -> deleteRange(op.getRequestDeleteRange());
            case REQUEST_TXN -> txn(op.getRequestTxn());
            // etcd answers an empty operation this way.
            case REQUEST_NOT_SET -> throw EtcdErrors.keyNotFound();
          });
    }
    return ops;
  }

  public static Compare compare(io.etcd.jetcd.api.Compare c) {
    requireKey(c.getKey());
    KeyRange range = keyRange(c.getKey(), c.getRangeEnd());
    Compare.Result result =
        switch (c.getResultValue()) {
          case 0 -> Compare.Result.EQUAL;
          case 1 -> Compare.Result.GREATER;
          case 2 -> Compare.Result.LESS;
          case 3 -> Compare.Result.NOT_EQUAL;
          default -> throw EtcdErrors.invalid("unknown compare result " + c.getResultValue());
        };
    // As etcd, an operand of another kind than the target compares as zero.
    return switch (c.getTargetValue()) {
      case 0 -> new Compare(range, Compare.Target.VERSION, result, c.getVersion(), Bytes.EMPTY);
      case 1 ->
          new Compare(range, Compare.Target.CREATE, result, c.getCreateRevision(), Bytes.EMPTY);
      case 2 -> new Compare(range, Compare.Target.MOD, result, c.getModRevision(), Bytes.EMPTY);
      case 3 -> new Compare(range, Compare.Target.VALUE, result, 0, bytes(c.getValue()));
      case COMPARE_TARGET_LEASE ->
          new Compare(range, Compare.Target.LEASE, result, leaseOperand(c), Bytes.EMPTY);
      default -> throw EtcdErrors.invalid("unknown compare target " + c.getTargetValue());
    };
  }

  private static long leaseOperand(io.etcd.jetcd.api.Compare c) {
    UnknownFieldSet.Field field = c.getUnknownFields().getField(COMPARE_LEASE_FIELD);
    List<Long> values = field.getVarintList();
    return values.isEmpty() ? 0 : values.getLast();
  }

  private static RangeRequest.SortOrder sortOrder(int value) {
    return switch (value) {
      case 0 -> RangeRequest.SortOrder.NONE;
      case 1 -> RangeRequest.SortOrder.ASCEND;
      case 2 -> RangeRequest.SortOrder.DESCEND;
      default -> throw EtcdErrors.invalid("unknown sort order " + value);
    };
  }

  private static RangeRequest.SortTarget sortTarget(int value) {
    return switch (value) {
      case 0 -> RangeRequest.SortTarget.KEY;
      case 1 -> RangeRequest.SortTarget.VERSION;
      case 2 -> RangeRequest.SortTarget.CREATE;
      case 3 -> RangeRequest.SortTarget.MOD;
      case 4 -> RangeRequest.SortTarget.VALUE;
      default -> throw EtcdErrors.invalid("unknown sort target " + value);
    };
  }

  private static void requireKey(ByteString key) {
    if (key.isEmpty()) {
      throw EtcdErrors.emptyKey();
    }
  }

  // Responses

  public static io.etcd.jetcd.api.RangeResponse rangeResponse(
      RangeResponse r, ResponseHeader header) {
    io.etcd.jetcd.api.RangeResponse.Builder b =
        io.etcd.jetcd.api.RangeResponse.newBuilder()
            .setHeader(header)
            .setMore(r.more())
            .setCount(r.count());
    for (KeyValue kv : r.kvs()) {
      b.addKvs(keyValue(kv));
    }
    return b.build();
  }

  public static io.etcd.jetcd.api.PutResponse putResponse(PutResponse r, ResponseHeader header) {
    io.etcd.jetcd.api.PutResponse.Builder b =
        io.etcd.jetcd.api.PutResponse.newBuilder().setHeader(header);
    if (r.prevKv() != null) {
      b.setPrevKv(keyValue(r.prevKv()));
    }
    return b.build();
  }

  public static io.etcd.jetcd.api.DeleteRangeResponse deleteRangeResponse(
      DeleteRangeResponse r, ResponseHeader header) {
    io.etcd.jetcd.api.DeleteRangeResponse.Builder b =
        io.etcd.jetcd.api.DeleteRangeResponse.newBuilder()
            .setHeader(header)
            .setDeleted(r.deleted());
    for (KeyValue kv : r.prevKvs()) {
      b.addPrevKvs(keyValue(kv));
    }
    return b.build();
  }

  /** The transaction's response; the responses nested in it carry only their revision. */
  public static io.etcd.jetcd.api.TxnResponse txnResponse(TxnResponse r, ResponseHeader header) {
    io.etcd.jetcd.api.TxnResponse.Builder b =
        io.etcd.jetcd.api.TxnResponse.newBuilder()
            .setHeader(header)
            .setSucceeded(r.succeeded());
    for (OpResponse op : r.responses()) {
      ResponseHeader nested = ResponseHeaders.nested(op.revision());
      b.addResponses(
          switch (op) {
            case RangeResponse range ->
                ResponseOp.newBuilder().setResponseRange(rangeResponse(range, nested));
            case PutResponse put -> ResponseOp.newBuilder().setResponsePut(putResponse(put, nested));
            case DeleteRangeResponse del ->
                ResponseOp.newBuilder().setResponseDeleteRange(deleteRangeResponse(del, nested));
            case TxnResponse txn -> ResponseOp.newBuilder().setResponseTxn(txnResponse(txn, nested));
          });
    }
    return b.build();
  }

  public static io.etcd.jetcd.api.KeyValue keyValue(KeyValue kv) {
    return io.etcd.jetcd.api.KeyValue.newBuilder()
        .setKey(byteString(kv.key()))
        .setCreateRevision(kv.createRevision())
        .setModRevision(kv.modRevision())
        .setVersion(kv.version())
        .setValue(byteString(kv.value()))
        .setLease(kv.lease())
        .build();
  }

  public static io.etcd.jetcd.api.Event event(Event e) {
    io.etcd.jetcd.api.Event.Builder b =
        io.etcd.jetcd.api.Event.newBuilder()
            .setType(
                switch (e.type()) {
                  case PUT -> io.etcd.jetcd.api.Event.EventType.PUT;
                  case DELETE -> io.etcd.jetcd.api.Event.EventType.DELETE;
                })
            .setKv(keyValue(e.kv()));
    if (e.prevKv() != null) {
      b.setPrevKv(keyValue(e.prevKv()));
    }
    return b.build();
  }
}
