package dev.ketch.proxy;

import dev.ketch.controllers.framework.Informers;
import dev.ketch.proxy.iptables.CommandRunner;
import dev.ketch.proxy.iptables.IptablesBackend;
import dev.ketch.proxy.model.ModelBuilder;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.nftables.NftablesBackend;
import dev.ketch.proxy.userspace.LoopbackAddresses;
import dev.ketch.proxy.userspace.UserspaceBackend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's service proxy, as kube-proxy: watches Services and EndpointSlices, and on every
 * change (debounced) and periodically brings the backend to the model they describe. Also fills
 * the ingress of LoadBalancer Services with the node's address.
 */
public final class ServiceProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);
  private static final Duration SYNC_LIMIT = Duration.ofSeconds(30);

  private final Informers informers;
  private final ProxyBackend backend;
  private final AutoCloseable extra;
  private final SyncRunner runner;

  private ServiceProxy(Informers informers, ProxyBackend backend, AutoCloseable extra, SyncRunner runner) {
    this.informers = informers;
    this.backend = backend;
    this.extra = extra;
    this.runner = runner;
  }

  /** Starts the proxy with the backend {@code config.mode()} asks for. */
  public static ServiceProxy start(KubernetesClient client, ServiceProxyConfig config) {
    CommandRunner host = CommandRunner.host();
    if (config.mode() == ServiceProxyConfig.Mode.NFTABLES) {
      return start(client, config, new NftablesBackend(host, config.podCidr()), () -> {});
    }
    boolean iptables = switch (config.mode()) {
      case IPTABLES -> true;
      case USERSPACE, NFTABLES -> false;
      case AUTO -> IptablesBackend.usable(host);
    };
    if (iptables) {
      return start(client, config, new IptablesBackend(host, config.podCidr()), () -> {});
    }
    LoopbackAddresses loopback = new LoopbackAddresses(host);
    return start(client, config, new UserspaceBackend(loopback), loopback);
  }

  /** Starts the proxy over {@code backend}; {@code extra} is closed after it. */
  public static ServiceProxy start(KubernetesClient client, ServiceProxyConfig config, ProxyBackend backend, AutoCloseable extra) {
    Informers informers = new Informers(client, Duration.ZERO);
    SharedIndexInformer<Service> services = informers.forType(Service.class);
    SharedIndexInformer<EndpointSlice> slices = informers.forType(EndpointSlice.class);
    ModelBuilder builder = new ModelBuilder(config.nodeName());
    LoadBalancerStatus lbStatus = new LoadBalancerStatus(client, config.nodeIp());
    Runnable sync = () -> {
      if (!services.hasSynced() || !slices.hasSynced()) {
        throw new IllegalStateException("Services and EndpointSlices are not listed yet");
      }
      ProxyModel model = builder.build(services.getStore().list(), slices.getStore().list());
      long started = System.nanoTime();
      backend.sync(model);
      log.atDebug().addKeyValue("backend", backend.name()).addKeyValue("servicePorts", model.services().size())
          .addKeyValue("tookMs", (System.nanoTime() - started) / 1_000_000).log("proxy synced");
      lbStatus.update(services.getStore().list());
    };
    SyncRunner runner = new SyncRunner("ketch-proxy-sync", sync, config.minSyncInterval(), config.resyncInterval());
    services.addEventHandler(onAnyChange(runner));
    slices.addEventHandler(onAnyChange(runner));
    informers.start();
    awaitSynced(services, slices);
    runner.request();
    log.atInfo().addKeyValue("backend", backend.name()).addKeyValue("node", config.nodeName()).log("service proxy started");
    return new ServiceProxy(informers, backend, extra, runner);
  }

  /** Waits for the first lists, so that the first sync programs every Service rather than a partial set. */
  private static void awaitSynced(SharedIndexInformer<?>... informers) {
    long deadline = System.nanoTime() + SYNC_LIMIT.toNanos();
    while (!java.util.Arrays.stream(informers).allMatch(SharedIndexInformer::hasSynced)) {
      if (System.nanoTime() > deadline) {
        log.atWarn().addKeyValue("waitedSeconds", SYNC_LIMIT.toSeconds())
            .log("Services and EndpointSlices not listed yet: the proxy syncs once they are");
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A handler asking for a sync on every add, update and delete. */
  private static <T> ResourceEventHandler<T> onAnyChange(SyncRunner runner) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        runner.request();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        runner.request();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        runner.request();
      }
    };
  }

  public String backendName() {
    return backend.name();
  }

  /** How many syncs have completed, for tests and status. */
  public long syncs() {
    return runner.runs();
  }

  @Override
  public void close() {
    runner.close();
    informers.close();
    backend.close();
    try {
      extra.close();
    } catch (Exception e) {
      log.atWarn().addKeyValue("error", e.toString()).log("cleanup after the proxy failed");
    }
  }
}
