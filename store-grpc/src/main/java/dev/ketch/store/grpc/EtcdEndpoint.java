package dev.ketch.store.grpc;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.grpc.internal.ClusterService;
import dev.ketch.store.grpc.internal.KvService;
import dev.ketch.store.grpc.internal.LeaseService;
import dev.ketch.store.grpc.internal.MaintenanceService;
import dev.ketch.store.grpc.internal.PlainTextPolicy;
import dev.ketch.store.grpc.internal.ResponseHeaders;
import dev.ketch.store.grpc.internal.ServiceContext;
import dev.ketch.store.grpc.internal.WatchService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link KeyValueStore} over etcd's v3 gRPC API, so that {@code etcdctl}, jetcd and other
 * etcd clients work against it: the {@code KV}, {@code Watch}, {@code Lease}, {@code Maintenance}
 * (status and alarms) and {@code Cluster} (member list) services, as a cluster of one member.
 *
 * <p>The endpoint answers with etcd's error codes and messages and etcd's response headers
 * (cluster and member id, store revision, raft term). It does not own the store: closing the
 * endpoint leaves the store open.
 *
 * <p>Owns threads: Netty's event loops (gRPC's shared ones), a virtual thread per call (the store
 * blocks, so no handler runs on an event loop), a virtual sending thread per watch stream, and one
 * daemon platform thread that times progress notifications. All are released by {@link #close()}.
 * Thread-safe.
 */
public final class EtcdEndpoint implements AutoCloseable {

  /** Room above the request limit for gRPC framing, as etcd allows. */
  private static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

  private static final Logger log = LoggerFactory.getLogger(EtcdEndpoint.class);

  private final EtcdEndpointConfig config;
  private final Server server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService ticker;
  private final WatchService watchService;
  private volatile InetSocketAddress boundAddress;

  private EtcdEndpoint(KeyValueStore store, EtcdEndpointConfig config) {
    this.config = config;
    var context =
        new ServiceContext(
            store,
            new ResponseHeaders(config.clusterId(), config.memberId(), config.raftTerm()),
            config.maxTxnOps());
    this.handlers = Executors.newVirtualThreadPerTaskExecutor();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("etcd-progress-notify").factory());
    this.watchService = new WatchService(context);
    this.server =
        NettyServerBuilder.forAddress(config.address())
            .executor(handlers)
            .maxInboundMessageSize(KeyValueStore.MAX_REQUEST_BYTES + GRPC_OVERHEAD_BYTES)
            // etcdctl pings every 2 seconds while a stream is open.
            .permitKeepAliveTime(1, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .addService(new KvService(context))
            .addService(watchService)
            .addService(new LeaseService(context).serviceDefinition())
            .addService(new MaintenanceService(context, config.etcdVersion()))
            .addService(
                new ClusterService(
                    context, config.memberName(), config.peerUrls(), this::clientUrl))
            .build();
  }

  /**
   * Starts serving {@code store}.
   *
   * @throws IllegalArgumentException if the address is not a loopback address
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static EtcdEndpoint start(KeyValueStore store, EtcdEndpointConfig config) {
    PlainTextPolicy.check(config.address());
    EtcdEndpoint endpoint = new EtcdEndpoint(store, config);
    endpoint.startServing();
    return endpoint;
  }

  private void startServing() {
    try {
      server.start();
    } catch (IOException e) {
      handlers.shutdownNow();
      ticker.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + config.address(), e);
    }
    boundAddress = (InetSocketAddress) server.getListenSockets().getFirst();
    long interval = config.progressNotifyInterval().toMillis();
    ticker.scheduleAtFixedRate(
        () -> handlers.execute(watchService::tick), interval, interval, TimeUnit.MILLISECONDS);
    log.atInfo()
        .addKeyValue("url", clientUrl())
        .addKeyValue("memberId", Long.toHexString(config.memberId()))
        .addKeyValue("clusterId", Long.toHexString(config.clusterId()))
        .log("etcd endpoint serving");
  }

  /** The address the endpoint listens on, with the port it was given if it asked for port 0. */
  public InetSocketAddress address() {
    return boundAddress;
  }

  /** The URL clients use, such as {@code http://127.0.0.1:2379}. */
  public URI clientUrl() {
    InetSocketAddress address = boundAddress;
    String host = address.getAddress().getHostAddress();
    if (address.getAddress() instanceof Inet6Address) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort());
  }

  public EtcdEndpointConfig config() {
    return config;
  }

  /** The number of watches open on all streams. */
  public int watchCount() {
    return watchService.watchCount();
  }

  /** Stops serving: open calls and streams are cut off. The store stays open. */
  @Override
  public void close() {
    ticker.shutdownNow();
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    handlers.shutdownNow();
    log.atInfo().addKeyValue("url", clientUrl()).log("etcd endpoint stopped");
  }
}
