package dev.ketch.kubelet;

import dev.ketch.kubelet.action.HostHandlerRunner;
import dev.ketch.kubelet.node.HostAddresses;
import dev.ketch.kubelet.node.MachineInfo;
import dev.ketch.kubelet.node.Pressure;
import dev.ketch.kubelet.pod.PodInformer;
import dev.ketch.kubelet.server.KubeletServer;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.RuntimeVersion;
import dev.ketch.kubelet.runtime.cri.CniNetwork;
import dev.ketch.kubelet.runtime.cri.CriRuntime;
import dev.ketch.kubelet.runtime.cri.CriRuntimeInfo;
import dev.ketch.kubelet.runtime.cri.UnixSocketChannel;
import dev.ketch.kubelet.volume.ApiTokenSource;
import dev.ketch.kubelet.volume.HostVolumeManager;
import dev.ketch.kubelet.volume.MemoryMounts;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine as a node whose pods run in containerd: a {@link Kubelet} over a {@link CriRuntime}
 * on containerd's CRI socket, with host volumes, probes and hooks run from the host, and the
 * machine's own capacity. Before the kubelet starts, the pod network is prepared: the node's pod
 * range (the Node's spec.podCIDR when the cluster assigned one, else {@link Options#fallbackPodCidr}
 * for a single node) goes into a CNI bridge network in the CNI configuration directory containerd
 * reads, and the runtime is given a moment to load it.
 *
 * <p>Threads: those of its {@link KubeletServices}, its pod informer, the CRI channel and the
 * probe HTTP client. {@link #close()} stops them and leaves the containers running, so the next
 * agent on this machine adopts them; {@link #closeRemovingPods()} stops them and removes the node's
 * sandboxes and containers, for a node that will not come back. The API client is the caller's.
 */
public final class CriNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CriNode.class);
  private static final Duration NETWORK_WAIT = Duration.ofSeconds(10);

  /**
   * How the node runs.
   *
   * @param endpoint containerd's CRI endpoint ({@code unix:///run/containerd/containerd.sock})
   * @param rootDir the kubelet's directory: volumes under {@code pods/}
   * @param logDir where containerd writes the containers' logs ({@code /var/log/pods}, as upstream's
   *     {@code <namespace>_<pod>_<uid>/<container>/<restart>.log})
   * @param nodeName the Node's name (this machine's host name by default)
   * @param nodeIp the node's InternalIP
   * @param fallbackPodCidr the pod range used when the cluster assigned none (a single node)
   * @param clusterDns the cluster DNS service address(es) for ClusterFirst pods
   * @param labels extra Node labels
   */
  public record Options(String endpoint, Path rootDir, Path logDir, String nodeName, String nodeIp, String fallbackPodCidr,
      List<String> clusterDns, String clusterDomain, Map<String, String> labels) {

    public static final String DEFAULT_ENDPOINT = "unix:///run/containerd/containerd.sock";
    public static final String DEFAULT_POD_CIDR = "10.42.0.0/24";
    public static final String DEFAULT_CLUSTER_DNS = "10.43.0.10";
    public static final Path DEFAULT_LOG_DIR = Path.of("/var/log/pods");

    public Options {
      clusterDns = List.copyOf(clusterDns);
      labels = Map.copyOf(labels);
    }

    /** This machine under its host name and primary address, its kubelet files in {@code <dataDir>/kubelet}. */
    public static Options forMachine(String endpoint, Path dataDir) {
      return new Options(endpoint, dataDir.resolve("kubelet"), DEFAULT_LOG_DIR, MachineInfo.read(dataDir).hostname(),
          HostAddresses.primaryIpv4(), DEFAULT_POD_CIDR, List.of(DEFAULT_CLUSTER_DNS), "cluster.local", Map.of());
    }

    public Options withLabels(Map<String, String> more) {
      return new Options(endpoint, rootDir, logDir, nodeName, nodeIp, fallbackPodCidr, clusterDns, clusterDomain, more);
    }

    public Options withNodeName(String name) {
      return new Options(endpoint, rootDir, logDir, name, nodeIp, fallbackPodCidr, clusterDns, clusterDomain, labels);
    }

    /** The pod range used while the cluster assigns none. */
    public Options withFallbackPodCidr(String cidr) {
      return new Options(endpoint, rootDir, logDir, nodeName, nodeIp, cidr, clusterDns, clusterDomain, labels);
    }

    /** Where containerd writes the containers' logs. */
    public Options withLogDir(Path dir) {
      return new Options(endpoint, rootDir, dir, nodeName, nodeIp, fallbackPodCidr, clusterDns, clusterDomain, labels);
    }
  }

  private final CriRuntime runtime;
  private final KubeletServices services;
  private final PodInformer informer;
  private final HostHandlerRunner handlers;
  private final Kubelet kubelet;
  private final RuntimeVersion version;
  private final String podCidr;
  private final KubeletServer server;
  private final Path rootDir;

  private CriNode(CriRuntime runtime, KubeletServices services, PodInformer informer, HostHandlerRunner handlers,
      Kubelet kubelet, RuntimeVersion version, String podCidr, KubeletServer server, Path rootDir) {
    this.server = server;
    this.rootDir = rootDir;
    this.runtime = runtime;
    this.services = services;
    this.informer = informer;
    this.handlers = handlers;
    this.kubelet = kubelet;
    this.version = version;
    this.podCidr = podCidr;
  }

  /** Whether a CRI socket exists at {@code endpoint} (it may still not answer). */
  public static boolean socketExists(String endpoint) {
    return Files.exists(UnixSocketChannel.socketPath(endpoint));
  }

  /**
   * Connects to the runtime, prepares the pod network and starts the kubelet.
   *
   * @throws IllegalStateException when the runtime does not answer
   */
  public static CriNode start(KubernetesClient client, Options options) {
    return start(client, options, UnaryOperator.identity());
  }

  /** As {@link #start(KubernetesClient, Options)}, with the kubelet's configuration adjusted (tests shorten timings). */
  public static CriNode start(KubernetesClient client, Options options, UnaryOperator<KubeletConfig> adjust) {
    CriRuntime runtime = CriRuntime.connect(options.endpoint());
    try {
      RuntimeVersion version;
      try {
        version = runtime.version();
      } catch (ContainerRuntimeException e) {
        throw new IllegalStateException("the container runtime at " + options.endpoint() + " does not answer: " + e.getMessage(), e);
      }
      CriRuntimeInfo info = CriRuntimeInfo.of(runtime.status(true));
      checkSandboxImage(runtime, info);
      String podCidr = podCidr(client, options);
      Path confDir = Path.of(info.cniConfDir().isEmpty() ? "/etc/cni/net.d" : info.cniConfDir());
      if (CniNetwork.write(confDir, podCidr)) {
        log.info("pod network written file={} podCidr={}", confDir.resolve(CniNetwork.FILE), podCidr);
      }
      runtime.updatePodCidr(podCidr);
      awaitNetwork(runtime);

      Path root = options.rootDir();
      MachineInfo machine = MachineInfo.read(root);
      KubeletConfig config = KubeletConfig.of(options.nodeName(), options.nodeIp(), machine, podCidr)
          .withLabels(options.labels())
          .withClusterDns(options.clusterDns(), options.clusterDomain())
          .withDirectories(root.toString(), options.logDir().toString());
      config = adjust.apply(config);
      KubeletConfig kubeletConfig = config;
      Clock clock = Clock.systemUTC();
      KubeletServices services = new KubeletServices(client, clock);
      PodInformer informer = PodInformer.forNode(client, config.nodeName()).start();
      HostHandlerRunner handlers = new HostHandlerRunner(runtime);
      NodeRuntime node = new NodeRuntime(runtime, runtime, handlers,
          (objects, dir) -> new HostVolumeManager(objects, new ApiTokenSource(client), Path.of(dir), kubeletConfig.allocatable(),
              clock, MemoryMounts.tmpfs()),
          Pressure.machine(root));
      // Serves logs from the files containerd writes; exec, attach and port-forward answer that
      // this runtime does not stream (CriRuntime is no StreamingService).
      KubeletServer server = KubeletEndpoint.start(client, config, runtime);
      Kubelet kubelet;
      try {
        kubelet = Kubelet.start(services, config, node, informer, server.port());
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      log.info("node agent started node={} runtime={} endpoint={} podCidr={}", config.nodeName(), version.nodeInfo(),
          options.endpoint(), podCidr);
      return new CriNode(runtime, services, informer, handlers, kubelet, version, podCidr, server, root);
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** The Node's assigned range if it has one, else the fallback for a single node (said in the log). */
  private static String podCidr(KubernetesClient client, Options options) {
    Node existing;
    try {
      existing = client.nodes().withName(options.nodeName()).get();
    } catch (RuntimeException e) {
      existing = null;
    }
    String assigned = existing == null || existing.getSpec() == null ? null : existing.getSpec().getPodCIDR();
    if (assigned != null && !assigned.isEmpty()) {
      return assigned;
    }
    log.info("node={} has no pod range assigned by the cluster (no node IPAM): using {} for this single node",
        options.nodeName(), options.fallbackPodCidr());
    return options.fallbackPodCidr();
  }

  private static void checkSandboxImage(CriRuntime runtime, CriRuntimeInfo info) {
    if (info.sandboxImage().isEmpty()) {
      return;
    }
    if (runtime.imageStatus(ImageSpec.of(info.sandboxImage())).isEmpty()) {
      log.warn("the runtime's sandbox image {} is not present and cannot be pulled here: no pod can start until it is "
          + "imported (bin/build-images)", info.sandboxImage());
    }
  }

  /** Waits until the runtime reports NetworkReady (it loads the CNI configuration asynchronously). */
  private static void awaitNetwork(CriRuntime runtime) {
    Instant deadline = Instant.now().plus(NETWORK_WAIT);
    CriRuntimeInfo info = CriRuntimeInfo.of(runtime.status(false));
    while (!info.networkReady() && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      info = CriRuntimeInfo.of(runtime.status(false));
    }
    if (!info.networkReady()) {
      log.warn("the container runtime's network is not ready after {}s: {}", NETWORK_WAIT.toSeconds(), info.problem());
    }
  }

  public Kubelet kubelet() {
    return kubelet;
  }

  public String nodeName() {
    return kubelet.nodeName();
  }

  /** The runtime as the node reports it, e.g. {@code containerd://1.6.20}. */
  public String runtimeVersion() {
    return version.nodeInfo();
  }

  public String podCidr() {
    return podCidr;
  }

  public CriRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {
    stopAgent();
    runtime.close();
  }

  /**
   * Stops the node as {@link #close()} does, then stops and removes every sandbox and container
   * labelled with this node's name (containerd kills their processes and releases their pod IPs)
   * and unmounts the pods' memory-backed volumes: nothing of the node's pods is left on the
   * machine. Failures to remove one are logged and the others still removed.
   */
  public void closeRemovingPods() {
    stopAgent();
    try {
      NodeTeardown.removePods(runtime, kubelet.nodeName());
      MemoryMounts.tmpfs().unmountAll(rootDir.resolve("pods"));
    } finally {
      runtime.close();
    }
  }

  private void stopAgent() {
    kubelet.close();
    server.close();
    informer.close();
    services.close();
    handlers.close();
  }
}
