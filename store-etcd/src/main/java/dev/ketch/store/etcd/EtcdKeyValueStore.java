package dev.ketch.store.etcd;

import dev.ketch.store.Bytes;
import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.DeleteRangeResponse;
import dev.ketch.store.Event;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.LeaseGrant;
import dev.ketch.store.LeaseStatus;
import dev.ketch.store.Op;
import dev.ketch.store.PutRequest;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreException;
import dev.ketch.store.StoreStatus;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveRequest;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link KeyValueStore} that is a client of a real etcd cluster (v3 API, etcd 3.4 or later).
 *
 * <p>It speaks to etcd through the gRPC stubs generated from etcd's API (jetcd-grpc) rather than
 * through jetcd's client: that client cannot express compares on a key range or on a lease, nested
 * transactions with their responses, or a progress request for one watch, and it retries and
 * resumes watches on its own, which would hide errors the store's contract reports.
 *
 * <p>Every method blocks until etcd answers or the request timeout passes, and is meant for virtual
 * threads or worker threads. Requests are linearizable (never served from a stale member). A write
 * that times out may still have been applied: the exception is an {@link
 * StoreException.UnavailableException}, as for any failure to reach etcd.
 *
 * <p>Threads: the gRPC channel owns Netty event-loop threads; watch listeners and stream callbacks
 * run on virtual threads that this store starts and stops with itself.
 *
 * <p>Where etcd cannot give an answer the contract asks for, this store reports the best it can:
 * {@link StoreStatus#compactRevision()} is -1 because etcd's status does not carry it; a {@link
 * StoreException.CompactedException} carries the compaction revision found by a short watch from
 * the refused revision, because etcd's error does not carry it either.
 */
public final class EtcdKeyValueStore implements KeyValueStore {

  /** The request timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration COMPACTION_PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final ManagedChannel channel;
  private final ExecutorService callbacks;
  private final Duration timeout;
  private final KVGrpc.KVBlockingStub kv;
  private final LeaseGrpc.LeaseBlockingStub lease;
  private final LeaseGrpc.LeaseStub leaseStreams;
  private final MaintenanceGrpc.MaintenanceBlockingStub maintenance;
  private final WatchGrpc.WatchStub watches;
  private final Set<EtcdWatch> openWatches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Connects to the etcd members at {@code endpoints} ({@code http://host:port} each). The
   * connection is made lazily: a member that is down shows up as an {@link
   * StoreException.UnavailableException} from the first request.
   */
  public EtcdKeyValueStore(List<URI> endpoints, Duration requestTimeout) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoint given");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive: " + requestTimeout);
    }
    List<InetSocketAddress> members = new ArrayList<>();
    for (URI endpoint : endpoints) {
      if (!"http".equals(endpoint.getScheme())
          || endpoint.getHost() == null
          || endpoint.getPort() < 0) {
        throw new IllegalArgumentException(
            "etcd endpoint must look like http://host:port, got " + endpoint);
      }
      members.add(InetSocketAddress.createUnresolved(endpoint.getHost(), endpoint.getPort()));
    }
    this.timeout = requestTimeout;
    this.callbacks =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("etcd-", 0).factory());
    this.channel =
        NettyChannelBuilder.forTarget(EndpointsNameResolverProvider.target(members))
            .defaultLoadBalancingPolicy("round_robin")
            .usePlaintext()
            .executor(callbacks)
            // Ranges over many keys exceed gRPC's default 4 MiB; etcd's client lifts it as well.
            .maxInboundMessageSize(Integer.MAX_VALUE)
            // Find dead connections under long-lived watches; etcd allows pings every 5 s.
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .build();
    this.kv = KVGrpc.newBlockingStub(channel);
    this.lease = LeaseGrpc.newBlockingStub(channel);
    this.leaseStreams = LeaseGrpc.newStub(channel);
    this.maintenance = MaintenanceGrpc.newBlockingStub(channel);
    this.watches = WatchGrpc.newStub(channel);
  }

  /** Connects with {@link #DEFAULT_TIMEOUT}. */
  public static EtcdKeyValueStore connect(List<URI> endpoints) {
    return new EtcdKeyValueStore(endpoints, DEFAULT_TIMEOUT);
  }

  /** Connects to the comma-separated endpoints, as {@code "http://a:2379,http://b:2379"}. */
  public static EtcdKeyValueStore connect(String endpoints) {
    List<URI> uris = new ArrayList<>();
    for (String endpoint : endpoints.split(",")) {
      if (!endpoint.isBlank()) {
        uris.add(URI.create(endpoint.strip()));
      }
    }
    return connect(uris);
  }

  @Override
  public RangeResponse range(RangeRequest request) {
    return ProtoMapping.fromProto(
        call(() -> deadline(kv).range(ProtoMapping.toProto(request)), request.revision()));
  }

  @Override
  public PutResponse put(PutRequest request) {
    return ProtoMapping.fromProto(call(() -> deadline(kv).put(ProtoMapping.toProto(request)), 0));
  }

  @Override
  public DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
    return ProtoMapping.fromProto(
        call(() -> deadline(kv).deleteRange(ProtoMapping.toProto(request)), 0));
  }

  @Override
  public TxnResponse txn(TxnRequest request) {
    return ProtoMapping.fromProto(
        call(() -> deadline(kv).txn(ProtoMapping.toProto(request)), oldestRevisionRead(request)));
  }

  @Override
  public void compact(long revision) {
    // etcd refuses a revision at or below its compaction point; one below it is surely compacted.
    call(
        () -> deadline(kv).compact(CompactionRequest.newBuilder().setRevision(revision).build()),
        revision - 1);
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    ensureOpen();
    EtcdWatch watch = EtcdWatch.start(watches, request, listener, timeout, openWatches::remove);
    openWatches.add(watch);
    if (watch.isEnded()) {
      openWatches.remove(watch);
    }
    if (closed) {
      watch.closeByStore(storeClosed());
    }
    return watch;
  }

  @Override
  public LeaseGrant grantLease(long ttlSeconds, long id) {
    LeaseGrantResponse response =
        call(
            () ->
                deadline(lease)
                    .leaseGrant(
                        LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).setID(id).build()),
            0);
    if (!response.getError().isEmpty()) {
      throw new StoreException("etcd: " + response.getError());
    }
    return new LeaseGrant(response.getID(), response.getTTL());
  }

  @Override
  public void revokeLease(long id) {
    call(() -> deadline(lease).leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()), 0);
  }

  @Override
  public long keepAliveLease(long id) {
    ensureOpen();
    // etcd renews leases only over a stream: open one, send one request, take one answer.
    CompletableFuture<LeaseKeepAliveResponse> answer = new CompletableFuture<>();
    StreamObserver<LeaseKeepAliveRequest> requests =
        leaseStreams
            .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .leaseKeepAlive(
                new StreamObserver<>() {
                  @Override
                  public void onNext(LeaseKeepAliveResponse response) {
                    answer.complete(response);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    answer.completeExceptionally(
                        Status.UNAVAILABLE
                            .withDescription("etcd closed the keep-alive stream without answering")
                            .asRuntimeException());
                  }
                });
    try {
      requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
      LeaseKeepAliveResponse response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      // etcd answers a renewal of an unknown lease with a time to live of 0.
      if (response.getTTL() <= 0) {
        throw new StoreException.LeaseNotFoundException();
      }
      return response.getTTL();
    } catch (ExecutionException e) {
      throw EtcdErrors.translate(Status.fromThrowable(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException.UnavailableException(
          "etcd did not renew the lease within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.UnavailableException("interrupted while renewing a lease", e);
    } finally {
      requests.onCompleted();
    }
  }

  @Override
  public LeaseStatus leaseTimeToLive(long id, boolean withKeys) {
    return ProtoMapping.fromProto(
        call(
            () ->
                deadline(lease)
                    .leaseTimeToLive(
                        LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(withKeys).build()),
            0));
  }

  @Override
  public List<Long> leases() {
    return call(
        () ->
            ClientCalls.blockingUnaryCall(
                channel,
                LeaseLeasesCall.METHOD,
                CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS),
                LeaseLeasesCall.REQUEST),
        0);
  }

  @Override
  public StoreStatus status() {
    return ProtoMapping.fromProto(
        call(() -> deadline(maintenance).status(StatusRequest.getDefaultInstance()), 0));
  }

  /** Ends every watch with {@link WatchListener#onClosed} and closes the connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    StoreException cause = storeClosed();
    for (EtcdWatch watch : List.copyOf(openWatches)) {
      watch.closeByStore(cause);
    }
    channel.shutdownNow();
    callbacks.shutdown();
    try {
      // Bounded, so that a listener stuck in a callback cannot hold up the caller for ever.
      channel.awaitTermination(10, TimeUnit.SECONDS);
      callbacks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one blocking call, turning gRPC failures into store exceptions.
   *
   * @param probeRevision if etcd answers that a revision is compacted, a revision known to be below
   *     the compaction point, from which {@link #compactRevisionAbove} can learn it
   */
  private <T> T call(Supplier<T> rpc, long probeRevision) {
    ensureOpen();
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      if (EtcdErrors.isCompacted(e.getStatus())) {
        throw new StoreException.CompactedException(compactRevisionAbove(probeRevision));
      }
      throw EtcdErrors.translate(e.getStatus(), e);
    }
  }

  /**
   * etcd's compaction point, learnt from a watch that starts at {@code below}, a revision etcd has
   * compacted: etcd cancels such a watch with the compaction revision. If {@code below} is not a
   * usable revision, or the watch gives no answer, the result is {@code below + 1}, the lowest
   * revision the compaction point can be.
   */
  private long compactRevisionAbove(long below) {
    long fallback = Math.max(1, below + 1);
    if (below < 1) {
      return fallback;
    }
    CompletableFuture<Long> compactRevision = new CompletableFuture<>();
    WatchListener probe =
        new WatchListener() {
          @Override
          public void onEvents(List<Event> events) {}

          @Override
          public void onCompacted(long revision) {
            compactRevision.complete(revision);
          }
        };
    WatchRequest request = WatchRequest.of(KeyRange.single(Bytes.ZERO)).fromRevision(below);
    Watch watch;
    try {
      watch = EtcdWatch.start(watches, request, probe, timeout, w -> {});
    } catch (StoreException e) {
      return fallback;
    }
    try {
      return compactRevision.get(COMPACTION_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    } catch (ExecutionException | TimeoutException e) {
      return fallback;
    } finally {
      watch.close();
    }
  }

  private static long oldestRevisionRead(TxnRequest txn) {
    long oldest = Long.MAX_VALUE;
    for (List<Op> branch : List.of(txn.success(), txn.failure())) {
      for (Op op : branch) {
        long revision =
            switch (op) {
              case RangeRequest r -> r.revision() > 0 ? r.revision() : Long.MAX_VALUE;
              case TxnRequest t -> oldestRevisionRead(t);
              case PutRequest p -> Long.MAX_VALUE;
              case DeleteRangeRequest d -> Long.MAX_VALUE;
            };
        oldest = Math.min(oldest, revision);
      }
    }
    return oldest == Long.MAX_VALUE ? 0 : oldest;
  }

  private <S extends AbstractStub<S>> S deadline(S stub) {
    return stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void ensureOpen() {
    if (closed) {
      throw storeClosed();
    }
  }

  private static StoreException storeClosed() {
    return new StoreException.UnavailableException("the etcd store is closed", null);
  }
}
