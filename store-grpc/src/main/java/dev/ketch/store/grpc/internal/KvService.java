package dev.ketch.store.grpc.internal;

import dev.ketch.store.KeyValueStore;
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.CompactionResponse;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.stub.StreamObserver;

/**
 * etcd's {@code KV} service over a store. Every request is checked and translated whole before the
 * store sees it, so a malformed request changes nothing. Handlers block on the store; they run on
 * the endpoint's virtual threads.
 */
public final class KvService extends KVGrpc.KVImplBase {

  private final ServiceContext context;
  private final KeyValueStore store;

  public KvService(ServiceContext context) {
    this.context = context;
    this.store = context.store();
  }

  @Override
  public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
    // serializable is ignored: every read of a single member is as fresh as a linearizable one.
    Calls.unary(
        "Range",
        observer,
        () -> {
          var response = store.range(KvProtos.range(request));
          return KvProtos.rangeResponse(response, context.headers().at(response.revision()));
        });
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> observer) {
    Calls.unary(
        "Put",
        observer,
        () -> {
          checkSize(request.getSerializedSize());
          var response = store.put(KvProtos.put(request));
          return KvProtos.putResponse(response, context.headers().at(response.revision()));
        });
  }

  @Override
  public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
    Calls.unary(
        "DeleteRange",
        observer,
        () -> {
          checkSize(request.getSerializedSize());
          var response = store.deleteRange(KvProtos.deleteRange(request));
          return KvProtos.deleteRangeResponse(response, context.headers().at(response.revision()));
        });
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
    Calls.unary(
        "Txn",
        observer,
        () -> {
          TxnChecks.checkOpCount(request, context.maxTxnOps());
          var txn = KvProtos.txn(request);
          TxnChecks.checkDuplicateKeys(txn);
          if (!txn.isReadOnly()) {
            checkSize(request.getSerializedSize());
          }
          var response = store.txn(txn);
          return KvProtos.txnResponse(response, context.headers().at(response.revision()));
        });
  }

  @Override
  public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
    // physical is ignored: the store's compaction is done when compact returns.
    Calls.unary(
        "Compact",
        observer,
        () -> {
          store.compact(request.getRevision());
          return CompactionResponse.newBuilder().setHeader(context.currentHeader()).build();
        });
  }

  /** etcd refuses writes larger than its request limit, whatever the gRPC limit lets through. */
  private static void checkSize(int serializedSize) {
    if (serializedSize > KeyValueStore.MAX_REQUEST_BYTES) {
      throw EtcdErrors.requestTooLarge();
    }
  }
}
