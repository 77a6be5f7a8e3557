package dev.ketch.cluster;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.ControllerManager;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.kubelet.KubeClients;
import dev.ketch.kubelet.KubeletServices;
import dev.ketch.scheduler.Scheduler;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole cluster inside this JVM: the embedded store, the API server on a free loopback port, the
 * scheduler, the controller manager with every built-in controller, simulated nodes and, when the
 * spec asks for it, this machine as a node on containerd ({@link ContainerdNode}). Nothing is
 * shared between clusters but containerd, where each cluster's node sees only its own pods: each
 * has its own temporary directory, certificates, port and threads, so several can run at once.
 * {@link #start} returns when the API answers and every node is Ready.
 *
 * <p>Thread-safe. {@link #close()} stops everything in reverse order (removing the containerd
 * node's sandboxes and containers from containerd) and deletes the directory.
 */
public final class LocalCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  private final String id;
  private final Path dir;
  private final ClusterLog clusterLog;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, Long> startupMillis = new java.util.LinkedHashMap<>();
  private ApiServer apiServer;
  private SimulatedNodePool nodes;
  private ContainerdNode containerdNode;
  private String kubeconfig;
  private boolean closed;

  private LocalCluster(String id, Path dir) {
    this.id = id;
    this.dir = dir;
    this.clusterLog = new ClusterLog(id);
  }

  /** Starts a cluster as {@code spec} says; returns once the API answers and its nodes are Ready. */
  public static LocalCluster start(ClusterSpec spec) {
    String id = "cluster-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path dir;
    try {
      dir = Files.createTempDirectory("ketch-" + id + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the cluster", e);
    }
    LocalCluster cluster = new LocalCluster(id, dir);
    try {
      cluster.clusterLog.runAsCluster("start", () -> {
        cluster.startComponents(spec);
        return null;
      });
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void startComponents(ClusterSpec spec) {
    if (spec.hasContainerdNode()) {
      ContainerdNode.requireSocket(spec.containerdEndpoint());
    }
    long began = System.nanoTime();
    Phases phases = new Phases();
    // Reading the scheduler's configuration loads its plugins' classes: done while the API server starts.
    java.util.concurrent.FutureTask<dev.ketch.scheduler.config.SchedulerConfiguration> schedulerConfig =
        new java.util.concurrent.FutureTask<>(() -> Scheduler.loadConfiguration(null));
    Thread.ofPlatform().name("ketch-" + id + "-scheduler-config").start(schedulerConfig);
    KeyValueStore store = switch (spec.store()) {
      case MEMORY -> EmbeddedStore.inMemory();
      case DISK -> EmbeddedStore.open(dir.resolve("store"));
    };
    started.push(store);
    phases.end("store");
    apiServer = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
    started.push(apiServer);
    Path kubeconfigFile = apiServer.kubeconfigFiles().getFirst();
    kubeconfig = read(kubeconfigFile);
    phases.end("apiserver");
    // The controllers, the scheduler and the nodes are clients of the API like any other and
    // independent of each other: they start side by side.
    ParallelStart parallel = new ParallelStart(id);
    var controllers = parallel.submit("controllers",
        // One entry point registers every built-in controller the controllers module has.
        () -> ControllerManager.start(kubeconfigFile, ControllerManagerConfig.defaults()));
    var scheduler = parallel.submit("scheduler", () -> Scheduler.start(kubeconfigFile, schedulerConfig.get()));
    var nodePool = parallel.submit("nodes", () -> startNodes(kubeconfigFile, spec));
    var containerd = spec.hasContainerdNode()
        ? parallel.submit("containerd", () -> ContainerdNode.start(kubeconfigFile, dir, id, spec.containerdEndpoint()))
        : null;
    parallel.await();
    started.push(controllers.resultNow());
    started.push(scheduler.resultNow());
    nodes = nodePool.resultNow();
    started.push(nodes);
    if (containerd != null) {
      containerdNode = containerd.resultNow();
      started.push(containerdNode);
    }
    parallel.millis().forEach(phases.millis::put);
    startupMillis.putAll(phases.millis);
    apiServer.startupPhases().forEach((phase, ms) -> startupMillis.put("apiserver." + phase, ms));
    log.atInfo().addKeyValue("cluster", id).addKeyValue("url", apiServer.url()).addKeyValue("nodes", spec.nodes())
        .addKeyValue("containerdNode", containerdNode == null ? "" : containerdNode.name())
        .addKeyValue("tookMs", (System.nanoTime() - began) / 1_000_000).addKeyValue("phasesMs", phases.millis)
        .log("cluster ready");
  }

  /** A pool of simulated nodes with {@code spec.nodes()} nodes, all Ready; closes it all on failure. */
  private static SimulatedNodePool startNodes(Path kubeconfigFile, ClusterSpec spec) {
    KubernetesClient nodeClient = KubeClients.fromKubeconfig(kubeconfigFile, Math.max(1, spec.nodes()));
    SimulatedNodePool pool = new SimulatedNodePool(new KubeletServices(nodeClient, Clock.systemUTC()), spec.podBehaviour(), nodeClient);
    try {
      for (int i = 0; i < spec.nodes(); i++) {
        pool.add();
      }
      NodeReadiness.await(nodeClient, pool.names());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  /** Milliseconds each step of the start took, in order. */
  private static final class Phases {
    final Map<String, Long> millis = new java.util.LinkedHashMap<>();
    private long last = System.nanoTime();

    void end(String phase) {
      long now = System.nanoTime();
      millis.put(phase, (now - last) / 1_000_000);
      last = now;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A short identifier, unique in this JVM, found in the cluster's thread and directory names. */
  public String id() {
    return id;
  }

  /** https://127.0.0.1:port */
  public String url() {
    return apiServer.url();
  }

  public int port() {
    return apiServer.port();
  }

  /** The admin kubeconfig, as text. */
  public String kubeconfig() {
    return kubeconfig;
  }

  /** The admin kubeconfig file, inside {@link #directory()}. */
  public Path kubeconfigFile() {
    return apiServer.kubeconfigFiles().getFirst();
  }

  /** The cluster's temporary directory: certificates, kubeconfig and (on disk) the store. */
  public Path directory() {
    return dir;
  }

  /**
   * A new fabric8 client with the admin's credentials, configured as a user's client would be
   * (its watches are WebSockets); the caller closes it.
   */
  public KubernetesClient newClient() {
    Config config = Config.fromKubeconfig(null, kubeconfig, kubeconfigFile().toString());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The simulated nodes, to add, remove, silence or resume nodes and end pods' containers. */
  public SimulatedNodePool nodes() {
    return nodes;
  }

  /**
   * The name of this machine's node on containerd ({@code ketch-<id>}, labelled {@code
   * node.ketch.dev/container-runtime=containerd}), empty unless the spec asked for one.
   */
  public java.util.Optional<String> containerdNodeName() {
    return java.util.Optional.ofNullable(containerdNode).map(ContainerdNode::name);
  }

  /** What the cluster's components have logged. */
  public ClusterLog log() {
    return clusterLog;
  }

  /** How long each part of the start took, in milliseconds. */
  public Map<String, Long> startupMillis() {
    return java.util.Collections.unmodifiableMap(startupMillis);
  }

  /**
   * Runs {@code work} on a thread of this cluster, so that what it starts logs to {@link #log()};
   * used to change the cluster while it runs.
   */
  public <T> T runAsCluster(String what, java.util.concurrent.Callable<T> work) {
    return clusterLog.runAsCluster(what, work);
  }

  /** Stops every component in reverse order of start and deletes the cluster's directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.atWarn().addKeyValue("cluster", id).addKeyValue("component", c.getClass().getSimpleName())
            .setCause(e).log("stopping a component failed");
      }
    }
    TempDirectories.delete(dir);
    clusterLog.close();
    log.atInfo().addKeyValue("cluster", id).log("cluster stopped");
  }
}
