package dev.ketch.dns;

import dev.ketch.controllers.framework.CacheSync;
import dev.ketch.controllers.framework.Informers;
import dev.ketch.dns.cluster.ClusterRecords;
import dev.ketch.dns.cluster.ClusterResolver;
import dev.ketch.dns.server.ClientFilter;
import dev.ketch.dns.server.DnsServer;
import dev.ketch.dns.server.Forwarder;
import dev.ketch.dns.server.QueryHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS: Services, EndpointSlices and Pods watched through informers into {@link
 * ClusterRecords}, answered by a {@link DnsServer}; names outside the cluster domain go to the
 * resolvers of resolv.conf. Answers always reflect the latest watch events; nothing polls.
 */
public final class ClusterDns implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterDns.class);
  private static final Duration SYNC_LIMIT = Duration.ofSeconds(30);

  private final Informers informers;
  private final DnsServer server;

  private ClusterDns(Informers informers, DnsServer server) {
    this.informers = informers;
    this.server = server;
  }

  /** Starts watching, waits for the first lists, then starts answering. */
  public static ClusterDns start(KubernetesClient client, ClusterDnsConfig config) {
    ClusterRecords records = new ClusterRecords();
    Informers informers = new Informers(client, Duration.ZERO);
    try {
      SharedIndexInformer<Service> services = informers.forType(Service.class);
      services.addEventHandler(handler(records::put, records::remove));
      SharedIndexInformer<EndpointSlice> slices = informers.forType(EndpointSlice.class);
      slices.addEventHandler(handler(records::put, records::remove));
      SharedIndexInformer<Pod> pods = informers.forType(Pod.class);
      pods.addEventHandler(handler(records::put, records::remove));
      informers.start();
      CountDownLatch never = new CountDownLatch(1);
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(SYNC_LIMIT);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        never.countDown();
      });
      if (!CacheSync.await("cluster-dns", List.of(services::hasSynced, slices::hasSynced, pods::hasSynced), never)) {
        throw new IllegalStateException("cluster DNS could not list Services, EndpointSlices and Pods within " + SYNC_LIMIT);
      }
      List<InetSocketAddress> upstreams = config.effectiveUpstreams();
      if (upstreams.isEmpty()) {
        log.atWarn().addKeyValue("resolvConf", config.resolvConf())
            .log("no upstream name servers: names outside the cluster will get SERVFAIL");
      }
      QueryHandler handler = new QueryHandler(new ClusterResolver(config.zone(), records),
          new Forwarder(upstreams, config.upstreamTimeout()));
      DnsServer server = DnsServer.start(config.listen(), handler, new ClientFilter(config.allowedClients()));
      log.atInfo().addKeyValue("zone", config.zone()).addKeyValue("upstreams", upstreams).log("cluster DNS started");
      return new ClusterDns(informers, server);
    } catch (RuntimeException e) {
      informers.close();
      throw e;
    }
  }

  /** An informer handler applying adds and updates with {@code put}, deletes with {@code remove}. */
  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> put, Consumer<T> remove) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        put.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        put.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        remove.accept(obj);
      }
    };
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
    informers.close();
  }
}
