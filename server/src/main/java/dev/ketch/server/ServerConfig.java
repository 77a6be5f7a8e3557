package dev.ketch.server;

import dev.ketch.kubelet.MachineAgent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code ketch server} was asked to run.
 *
 * @param dataDir the server's state directory
 * @param store which store holds cluster state
 * @param etcdEndpoints the etcd cluster, when {@code store} is {@link StoreKind#ETCD}
 * @param etcdListen host:port for the embedded store's etcd API, or "off"
 * @param compactionInterval how often history is compacted
 * @param httpsListen host:port of the API server
 * @param writeKubeconfig an extra place to write the admin kubeconfig, or null
 * @param tlsSans extra names of the serving certificate
 * @param tokenAuthFile a static token file, or null
 * @param schedulerConfig a KubeSchedulerConfiguration file for the scheduler, or null for the defaults
 * @param disableScheduler whether to run no scheduler (one runs elsewhere, {@code ketch scheduler})
 * @param agent whether to run a node agent for this machine
 * @param agentOptions how that agent runs
 * @param simulateNodes how many simulated nodes to run in this process (0: none)
 */
record ServerConfig(
    Path dataDir,
    StoreKind store,
    List<String> etcdEndpoints,
    String etcdListen,
    Duration compactionInterval,
    String httpsListen,
    Path writeKubeconfig,
    List<String> tlsSans,
    Path tokenAuthFile,
    Path schedulerConfig,
    boolean disableScheduler,
    boolean agent,
    AgentOptions agentOptions,
    int simulateNodes) {

  /**
   * The machine's node agent.
   *
   * @param runtime {@code auto}, {@code containerd} or {@code process} ({@link MachineAgent.Runtime})
   * @param endpoint containerd's CRI socket
   * @param nodeName the Node's name, or null for the host name
   * @param podCidr the node's pod range while the cluster assigns none
   */
  record AgentOptions(String runtime, String endpoint, String nodeName, String podCidr) {

    MachineAgent.Settings settings(Path dataDir) {
      return new MachineAgent.Settings(MachineAgent.Runtime.parse(runtime), endpoint, dataDir, nodeName, podCidr);
    }
  }

  enum StoreKind {
    EMBEDDED,
    ETCD
  }

  ServerConfig {
    etcdEndpoints = List.copyOf(etcdEndpoints);
    tlsSans = List.copyOf(tlsSans);
  }

  static Path defaultDataDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return root ? Path.of("/var/lib/ketch") : Path.of(System.getProperty("user.home"), ".ketch");
  }

  Path storeDir() {
    return dataDir.resolve("store");
  }

  boolean servesEtcdApi() {
    return store == StoreKind.EMBEDDED && !"off".equalsIgnoreCase(etcdListen);
  }

  InetSocketAddress etcdListenAddress() {
    return hostPort("--etcd-listen", etcdListen);
  }

  InetSocketAddress httpsListenAddress() {
    return hostPort("--https-listen", httpsListen);
  }

  Path kubeconfigFile() {
    return dataDir.resolve("kubeconfig");
  }

  /** The join tokens of nodes, created with one at the server's first start. */
  static Path joinTokenFile(Path dataDir) {
    return dataDir.resolve("token");
  }

  /** This machine's node's credentials, runtime state and pod logs. */
  Path agentDir() {
    return dataDir.resolve("agent");
  }

  static InetSocketAddress hostPort(String option, String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(option + " must be host:port, not '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " has no valid port: '" + value + "'", e);
    }
  }

  /** Refuses combinations that cannot work, with a message naming the option at fault. */
  void validate() {
    if (store == StoreKind.ETCD && etcdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("--store etcd needs --etcd-endpoints URL[,URL...]");
    }
    if (store == StoreKind.EMBEDDED && !etcdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("--etcd-endpoints is only used with --store etcd");
    }
    if (compactionInterval.isZero() || compactionInterval.isNegative()) {
      throw new IllegalArgumentException("--compaction-interval must be positive");
    }
    if (servesEtcdApi()) {
      etcdListenAddress();
    }
    httpsListenAddress();
    if (agent) {
      agentOptions.settings(dataDir);
    }
    if (simulateNodes < 0) {
      throw new IllegalArgumentException("--simulate-nodes must be 0 or more");
    }
    if (tokenAuthFile != null && !java.nio.file.Files.isReadable(tokenAuthFile)) {
      throw new IllegalArgumentException("--token-auth-file " + tokenAuthFile + " cannot be read");
    }
    if (schedulerConfig != null && disableScheduler) {
      throw new IllegalArgumentException("--scheduler-config is not used with --disable-scheduler");
    }
  }
}
