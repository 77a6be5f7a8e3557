package dev.ketch.store.grpc.internal;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.LeaseGrant;
import dev.ketch.store.LeaseStatus;
import dev.ketch.store.StoreException;
import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.etcd.jetcd.api.LeaseRevokeResponse;
import io.etcd.jetcd.api.LeaseTimeToLiveRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** etcd's {@code Lease} service over a store, including {@code LeaseLeases}. */
public final class LeaseService extends LeaseGrpc.LeaseImplBase {

  /** etcd's largest lease time to live, in seconds. */
  public static final long MAX_TTL_SECONDS = 9_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(LeaseService.class);

  private final ServiceContext context;
  private final KeyValueStore store;

  public LeaseService(ServiceContext context) {
    this.context = context;
    this.store = context.store();
  }

  /** The service with the generated calls and {@link LeaseLeases#METHOD}; serve this one. */
  public ServerServiceDefinition serviceDefinition() {
    ServerServiceDefinition generated = bindService();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(generated.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
      descriptor.addMethod(method.getMethodDescriptor());
    }
    descriptor.addMethod(LeaseLeases.METHOD);
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(descriptor.build());
    for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
      service.addMethod(method);
    }
    service.addMethod(LeaseLeases.METHOD, ServerCalls.asyncUnaryCall(this::leases));
    return service.build();
  }

  @Override
  public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
    Calls.unary(
        "LeaseGrant",
        observer,
        () -> {
          if (request.getTTL() > MAX_TTL_SECONDS) {
            throw EtcdErrors.leaseTtlTooLarge();
          }
          LeaseGrant grant = store.grantLease(request.getTTL(), request.getID());
          return LeaseGrantResponse.newBuilder()
              .setHeader(context.currentHeader())
              .setID(grant.id())
              .setTTL(grant.ttlSeconds())
              .build();
        });
  }

  @Override
  public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
    Calls.unary(
        "LeaseRevoke",
        observer,
        () -> {
          store.revokeLease(request.getID());
          return LeaseRevokeResponse.newBuilder().setHeader(context.currentHeader()).build();
        });
  }

  @Override
  public void leaseTimeToLive(
      LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
    Calls.unary(
        "LeaseTimeToLive",
        observer,
        () -> {
          LeaseStatus status = store.leaseTimeToLive(request.getID(), request.getKeys());
          LeaseTimeToLiveResponse.Builder b =
              LeaseTimeToLiveResponse.newBuilder()
                  .setHeader(context.currentHeader())
                  .setID(request.getID())
                  .setTTL(status.remainingSeconds());
          // etcd reports a missing lease as a time to live of -1, with nothing else.
          if (status.remainingSeconds() >= 0) {
            b.setGrantedTTL(status.grantedSeconds());
            status.keys().forEach(key -> b.addKeys(KvProtos.byteString(key)));
          }
          return b.build();
        });
  }

  private void leases(LeaseLeases.Request request, StreamObserver<LeaseLeases.Response> observer) {
    Calls.unary(
        "LeaseLeases",
        observer,
        () -> new LeaseLeases.Response(context.currentHeader(), store.leases()));
  }

  /**
   * Renews leases as the client asks, one answer per request. As etcd, a lease that does not exist
   * is answered with a time to live of 0 rather than an error, and the stream goes on.
   */
  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
      StreamObserver<LeaseKeepAliveResponse> responses) {
    return new StreamObserver<>() {
      // Calls of one stream never overlap, so a plain field is enough.
      private boolean failed;

      @Override
      public void onNext(LeaseKeepAliveRequest request) {
        if (failed) {
          return;
        }
        LeaseKeepAliveResponse response;
        try {
          response = renew(request.getID());
        } catch (RuntimeException e) {
          failed = true;
          responses.onError(Calls.toStatus("LeaseKeepAlive", e));
          return;
        }
        responses.onNext(response);
      }

      @Override
      public void onError(Throwable t) {
        if (Status.fromThrowable(t).getCode() != Status.Code.CANCELLED) {
          log.atDebug().addKeyValue("cause", t.toString()).log("lease keep-alive stream failed");
        }
      }

      @Override
      public void onCompleted() {
        if (!failed) {
          responses.onCompleted();
        }
      }
    };
  }

  private LeaseKeepAliveResponse renew(long id) {
    long ttl;
    try {
      ttl = store.keepAliveLease(id);
    } catch (StoreException.LeaseNotFoundException e) {
      ttl = 0;
    }
    return LeaseKeepAliveResponse.newBuilder()
        .setHeader(context.currentHeader())
        .setID(id)
        .setTTL(ttl)
        .build();
  }
}
