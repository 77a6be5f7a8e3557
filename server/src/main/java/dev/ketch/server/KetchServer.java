package dev.ketch.server;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.ControllerManager;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.scheduler.Scheduler;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.kubelet.HostAgent;
import dev.ketch.kubelet.HostNode;
import dev.ketch.kubelet.KubeClients;
import dev.ketch.kubelet.bootstrap.TlsBootstrap;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.JoinTokenFile;
import dev.ketch.kubelet.KubeletServices;
import dev.ketch.kubelet.MachineAgent;
import dev.ketch.kubelet.SimulatedNodes;
import dev.ketch.kubelet.runtime.process.ProcessRuntime;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.PeriodicCompactor;
import dev.ketch.store.StoreException;
import dev.ketch.store.embedded.EmbeddedStore;
import dev.ketch.store.etcd.EtcdKeyValueStore;
import dev.ketch.store.grpc.EtcdEndpoint;
import dev.ketch.store.grpc.EtcdEndpointConfig;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one server process, started in dependency order and stopped in reverse. Only
 * wires: every component lives in its own module.
 */
final class KetchServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KetchServer.class);
  /** Upstream's longest crash-loop back-off. */
  private static final Duration OWN_NODE_MAX_RESTART_PERIOD = Duration.ofMinutes(5);

  private final ServerConfig config;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private KeyValueStore store;
  private EtcdEndpoint etcdEndpoint;
  private ApiServer apiServer;
  private ControllerManager controllerManager;
  private Scheduler scheduler;
  private SimulatedNodes simulatedNodes;
  private HostAgent ownNode;
  private MachineAgent machineAgent;
  private String nodeName;
  private ServiceNetworking serviceNetworking;

  private KetchServer(ServerConfig config) {
    this.config = config;
  }

  static KetchServer start(ServerConfig config) {
    KetchServer server = new KetchServer(config);
    try {
      server.startComponents();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void startComponents() {
    log.info("starting dataDir={} store={}", config.dataDir(), config.store());
    // Read first: a malformed scheduler configuration stops the start before anything runs.
    SchedulerConfiguration schedulerConfig = config.disableScheduler() ? null : Scheduler.loadConfiguration(config.schedulerConfig());
    store = openStore();
    started.push(store);
    started.push(PeriodicCompactor.start(store, config.compactionInterval()));
    if (config.servesEtcdApi()) {
      etcdEndpoint = EtcdEndpoint.start(store, EtcdEndpointConfig.loopback().withAddress(config.etcdListenAddress()));
      started.push(etcdEndpoint);
    }
    apiServer = ApiServer.start(store, apiServerConfig());
    started.push(apiServer);
    // A client of the API like any other, with the admin credentials for now.
    controllerManager = ControllerManager.start(apiServer.kubeconfigFiles().getFirst(), ControllerManagerConfig.defaults());
    started.push(controllerManager);
    if (schedulerConfig != null) {
      scheduler = Scheduler.start(apiServer.kubeconfigFiles().getFirst(), schedulerConfig);
      started.push(scheduler);
    }
    if (config.agent()) {
      startMachineNode();
    }
    if (config.simulateNodes() > 0) {
      var client = KubeClients.fromKubeconfig(apiServer.kubeconfigFiles().getFirst(), config.simulateNodes());
      started.push(client);
      simulatedNodes = SimulatedNodes.start(new KubeletServices(client, Clock.systemUTC()), config.simulateNodes());
      started.push(simulatedNodes);
    }
  }

  private ApiServerConfig apiServerConfig() {
    java.util.List<Path> kubeconfigs = new java.util.ArrayList<>();
    kubeconfigs.add(config.kubeconfigFile());
    if (config.writeKubeconfig() != null) {
      kubeconfigs.add(config.writeKubeconfig());
    }
    return ApiServerConfig.of(config.httpsListenAddress(), config.dataDir())
        .withKubeconfigFiles(kubeconfigs)
        .withExtraSans(config.tlsSans())
        .withTokenFile(config.tokenAuthFile())
        .withJoinTokenFile(ServerConfig.joinTokenFile(config.dataDir()));
  }

  /**
   * This machine's node joins like any other: with the cluster's join token, over the API server's
   * own address, so it holds a node certificate rather than the admin's. It runs on containerd
   * when chosen (or, for {@code auto}, when containerd answers), else on the process runtime.
   */
  private void startMachineNode() {
    MachineAgent.Settings settings = config.agentOptions().settings(config.dataDir());
    String name = settings.nodeName() == null || settings.nodeName().isBlank() ? HostNode.defaultNodeName() : settings.nodeName();
    JoinToken token = JoinTokenFile.at(ServerConfig.joinTokenFile(config.dataDir())).all().getFirst();
    Path kubeconfig = TlsBootstrap.kubeconfig(URI.create(apiServer.url()), token, name, config.agentDir(), Clock.systemUTC());
    if (settings.runtime() != MachineAgent.Runtime.PROCESS) {
      var client = KubeClients.fromKubeconfig(kubeconfig, 1);
      started.push(client);
      machineAgent = MachineAgent.start(client, settings.withNodeName(name)).orElse(null);
      if (machineAgent != null) {
        started.push(machineAgent);
        nodeName = name;
        return;
      }
    }
    ownNode = HostAgent.start(new HostAgent.Settings(kubeconfig, name, HostNode.addressTowards(null), config.agentDir(),
        ProcessRuntime.NAME, OWN_NODE_MAX_RESTART_PERIOD));
    started.push(ownNode);
    nodeName = name;
  }

  private KeyValueStore openStore() {
    return switch (config.store()) {
      case EMBEDDED -> EmbeddedStore.open(config.storeDir());
      case ETCD -> connectEtcd();
    };
  }

  private KeyValueStore connectEtcd() {
    EtcdKeyValueStore etcd = EtcdKeyValueStore.connect(String.join(",", config.etcdEndpoints()));
    try {
      // Fail at start-up, with the endpoints named, rather than on the first request.
      etcd.status();
    } catch (StoreException e) {
      etcd.close();
      throw new IllegalArgumentException(
          "cannot reach etcd at " + String.join(",", config.etcdEndpoints()) + ": " + e.getMessage(), e);
    }
    return etcd;
  }

  KeyValueStore store() {
    return store;
  }

  /**
   * Starts service networking (cluster DNS, service proxy) against this server's API and stops it
   * with the server.
   */
  void startNetworking(NetworkingConfig networking) {
    // The proxy belongs to nodes: it runs by default only when this machine runs pods.
    serviceNetworking = ServiceNetworking.start(apiServer.kubeconfigFiles().getFirst(), networking,
        nodeName);
    started.push(serviceNetworking);
  }

  void printWelcome(PrintStream out) {
    // One write, so that the controllers' first log lines on stderr cannot land inside it.
    StringBuilder text = new StringBuilder();
    text.append("Ketch server is running.\n");
    text.append("  data directory: ").append(config.dataDir()).append('\n');
    text.append("  store:          ").append(describeStore()).append(", revision ").append(store.currentRevision()).append('\n');
    if (etcdEndpoint != null) {
      text.append("  etcd v3 API:    ").append(etcdEndpoint.clientUrl()).append('\n');
    }
    text.append("  API server:     ").append(apiServer.url()).append('\n');
    text.append("  kubeconfig:     ").append(apiServer.kubeconfigFiles().getLast()).append('\n');
    text.append("  controllers:    ").append(String.join(", ", controllerManager.runningControllers())).append('\n');
    text.append("  scheduler:      ").append(scheduler == null ? "disabled" : String.join(", ", scheduler.schedulerNames())).append('\n');
    if (nodeName != null) {
      text.append("  this node:      ").append(machineAgent != null ? machineAgent.description()
          : nodeName + " (process runtime: containers are host processes; data in " + config.agentDir() + ")").append('\n');
    }
    text.append("  join token:     ketch token --data-dir ").append(config.dataDir()).append('\n');
    if (serviceNetworking != null) {
      serviceNetworking.description().forEach(line -> text.append("  ").append(line).append('\n'));
    }
    if (simulatedNodes != null) {
      text.append("  nodes:          ").append(simulatedNodes.size()).append(" simulated (sim-0 … sim-")
          .append(simulatedNodes.size() - 1).append(")\n");
    }
    text.append('\n');
    text.append("Try: kubectl --kubeconfig ").append(apiServer.kubeconfigFiles().getLast()).append(" get namespaces\n");
    if (etcdEndpoint != null) {
      text.append("     ETCDCTL_API=3 etcdctl --endpoints=").append(etcdEndpoint.clientUrl())
          .append(" get /registry --prefix --keys-only\n");
    }
    text.append("Stop it with Ctrl-C.\n");
    out.print(text);
    out.flush();
  }

  private String describeStore() {
    return switch (config.store()) {
      case EMBEDDED -> "embedded (RocksDB in " + config.storeDir() + ")";
      case ETCD -> "etcd at " + String.join(",", config.etcdEndpoints());
    };
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping component={} failed", c.getClass().getSimpleName(), e);
      }
    }
    log.info("stopped");
  }
}
