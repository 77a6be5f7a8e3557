package dev.ketch.server;

import dev.ketch.kubelet.HostAgent;
import dev.ketch.kubelet.HostNode;
import dev.ketch.kubelet.HostRuntimes;
import dev.ketch.kubelet.KubeClients;
import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.KubeletServices;
import dev.ketch.kubelet.MachineAgent;
import dev.ketch.kubelet.SimulatedNodes;
import dev.ketch.kubelet.bootstrap.TlsBootstrap;
import dev.ketch.pki.JoinToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code ketch agent}: runs this machine's node (joined with {@code --server} and {@code --token},
 * or with a kubeconfig), or simulated nodes, against a cluster's API server until stopped.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run a node agent against a Ketch (or Kubernetes) API server.")
final class AgentCommand implements Callable<Integer> {

  @Option(
      names = "--server",
      description = "The API server to join, https://host:port (with --token).")
  URI server;

  @Option(
      names = "--token",
      description = "The cluster's join token, K10<CA hash>::<id>.<secret> (print it on the server with 'ketch token').")
  String token;

  @Option(
      names = "--kubeconfig",
      description = "Credentials to use instead of joining with a token (e.g. the server's <data-dir>/kubeconfig).")
  Path kubeconfig;

  @Option(
      names = "--data-dir",
      description = "Where the agent keeps its credentials, runtime state and pod logs"
          + " (default: /var/lib/ketch-agent as root, else ~/.ketch-agent).")
  Path dataDir;

  @Option(
      names = "--node-name",
      description = "This machine's Node name (default: the host name).")
  String nodeName;

  @Option(
      names = "--node-ip",
      description = "This machine's address (default: the address it reaches the server from).")
  String nodeIp;

  @Option(
      names = "--runtime",
      defaultValue = "process",
      description = "The container runtime of this machine's node: process (containers are host processes) or containerd"
          + " (over CRI at --container-runtime-endpoint). Default: ${DEFAULT-VALUE}.")
  String runtime;

  @Option(
      names = "--container-runtime-endpoint",
      defaultValue = "unix:///run/containerd/containerd.sock",
      description = "containerd's CRI socket, with --runtime containerd. Default: ${DEFAULT-VALUE}.")
  String runtimeEndpoint;

  @Option(
      names = "--pod-cidr",
      defaultValue = "10.42.0.0/24",
      description = "With --runtime containerd: this machine's pod addresses while the cluster assigns the node no podCIDR."
          + " Default: ${DEFAULT-VALUE}.")
  String podCidr;

  @Option(
      names = "--max-container-restart-period",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "The longest back-off before a crashed container starts again; the first is 10s or this if"
          + " shorter. Default: ${DEFAULT-VALUE}.")
  Duration maxContainerRestartPeriod;

  @Option(
      names = "--simulate",
      defaultValue = "0",
      description = "Run this many simulated nodes, whose pods run no process, instead of this machine's node. Default: ${DEFAULT-VALUE}.")
  int simulate;

  @Option(
      names = "--node-name-prefix",
      defaultValue = "sim-",
      description = "Simulated nodes are named <prefix>0, <prefix>1, … Default: ${DEFAULT-VALUE}.")
  String prefix;

  private static final String CONTAINERD = "containerd";

  @Override
  public Integer call() throws Exception {
    AutoCloseable running = simulate > 0 ? startSimulated() : startHostNode();
    CountDownLatch stopRequested = new CountDownLatch(1);
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stopRequested.countDown());
    }
    Thread hook = Thread.ofPlatform().name("ketch-agent-shutdown").unstarted(() -> closeQuietly(running));
    Runtime.getRuntime().addShutdownHook(hook);
    stopRequested.await();
    closeQuietly(running);
    Runtime.getRuntime().removeShutdownHook(hook);
    return 0;
  }

  private AutoCloseable startHostNode() {
    if (server != null && kubeconfig != null) {
      throw new IllegalArgumentException("join with --server and --token, or use --kubeconfig, not both");
    }
    if (kubeconfig == null && (server == null || token == null)) {
      throw new IllegalArgumentException("join a cluster with --server https://host:6443 --token <token>"
          + " (or give --kubeconfig, or run simulated nodes with --simulate N)");
    }
    boolean containerd = CONTAINERD.equals(runtime);
    if (!containerd && !HostRuntimes.NAMES.contains(runtime)) {
      throw new IllegalArgumentException("--runtime " + runtime + " is not known; this agent runs: "
          + String.join(", ", HostRuntimes.NAMES) + ", " + CONTAINERD);
    }
    Path dir = dataDir != null ? dataDir : defaultDataDir();
    String name = nodeName != null ? nodeName : HostNode.defaultNodeName();
    Path credentials;
    String serverHost;
    if (kubeconfig != null) {
      readable(kubeconfig);
      credentials = kubeconfig;
      serverHost = null;
    } else {
      if (!"https".equals(server.getScheme()) || server.getHost() == null) {
        throw new IllegalArgumentException("--server must be https://host:port, not '" + server + "'");
      }
      JoinToken parsed = JoinToken.parse(token);
      credentials = TlsBootstrap.kubeconfig(server, parsed, name, dir, Clock.systemUTC());
      serverHost = server.getHost();
    }
    String ip = nodeIp != null ? nodeIp : HostNode.addressTowards(serverHost);
    AutoCloseable agent = containerd ? startContainerdNode(credentials, name, dir)
        : HostAgent.start(new HostAgent.Settings(credentials, name, ip, dir, runtime, maxContainerRestartPeriod));
    System.out.print("Ketch agent is running: node " + name + " (" + ip + ", runtime " + runtime + ", data in " + dir + ")"
        + (server != null ? " joined to " + server : "") + "\nStop it with Ctrl-C.\n");
    System.out.flush();
    return agent;
  }

  /** This machine's node on containerd over CRI, with the joined credentials, as the server starts its own. */
  private AutoCloseable startContainerdNode(Path credentials, String name, Path dir) {
    KubernetesClient client = KubeClients.fromKubeconfig(credentials, 1);
    try {
      // CONTAINERD never answers empty: it starts the node or throws, naming what is missing.
      MachineAgent node = MachineAgent.start(client,
          new MachineAgent.Settings(MachineAgent.Runtime.CONTAINERD, runtimeEndpoint, dir, name, podCidr)).orElseThrow();
      return () -> {
        node.close();
        client.close();
      };
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private AutoCloseable startSimulated() {
    if (kubeconfig == null) {
      throw new IllegalArgumentException("--simulate needs --kubeconfig");
    }
    readable(kubeconfig);
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig, simulate);
    SimulatedNodes nodes;
    try {
      nodes = SimulatedNodes.start(new KubeletServices(client, Clock.systemUTC()), simulate,
          i -> KubeletConfig.simulated(prefix, i));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    System.out.print("Ketch agent is running: " + simulate + " simulated nodes (" + prefix + "0 … " + prefix + (simulate - 1)
        + ") on " + client.getMasterUrl() + "\nStop it with Ctrl-C.\n");
    System.out.flush();
    return () -> {
      nodes.close();
      client.close();
    };
  }

  private static void readable(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("--kubeconfig " + file + " cannot be read");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("ketch: stopping the agent failed: " + e);
    }
  }

  static Path defaultDataDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return root ? Path.of("/var/lib/ketch-agent") : Path.of(System.getProperty("user.home"), ".ketch-agent");
  }
}
