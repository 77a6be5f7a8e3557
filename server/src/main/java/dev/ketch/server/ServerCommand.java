package dev.ketch.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ketch server}: runs the control plane on this machine until stopped. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run a Ketch server: the store and, in time, the rest of the control plane.")
final class ServerCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      description = "Where the server keeps its state (default: /var/lib/ketch as root, else ~/.ketch).")
  Path dataDir;

  @Option(
      names = "--store",
      defaultValue = "embedded",
      description = "The store: embedded (RocksDB in the data directory) or etcd (--etcd-endpoints). Default: ${DEFAULT-VALUE}.")
  ServerConfig.StoreKind store;

  @Option(
      names = "--etcd-endpoints",
      split = ",",
      description = "Client URLs of an etcd cluster, for --store etcd.")
  java.util.List<String> etcdEndpoints = new java.util.ArrayList<>();

  @Option(
      names = "--etcd-listen",
      defaultValue = "127.0.0.1:2379",
      description = "Where the embedded store serves the etcd v3 API; 'off' to serve none. Default: ${DEFAULT-VALUE}.")
  String etcdListen;

  @Option(
      names = "--https-listen",
      defaultValue = "0.0.0.0:6443",
      description = "Where the API server serves HTTPS. Default: ${DEFAULT-VALUE}.")
  String httpsListen;

  @Option(
      names = "--write-kubeconfig",
      description = "Also write the admin kubeconfig to this file (it is always written to <data-dir>/kubeconfig).")
  Path writeKubeconfig;

  @Option(
      names = "--tls-san",
      split = ",",
      description = "More host names or IP addresses for the serving certificate.")
  java.util.List<String> tlsSans = new java.util.ArrayList<>();

  @Option(
      names = "--token-auth-file",
      description = "A file of static bearer tokens (token,user,uid[,\"group1,group2\"]), as kube-apiserver's.")
  Path tokenAuthFile;

  @Option(
      names = "--compaction-interval",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How often history is compacted, e.g. 5m, 30s, 1h. Default: ${DEFAULT-VALUE}.")
  Duration compactionInterval;

  @Option(
      names = "--scheduler-config",
      description = "A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1) for the scheduler; default: upstream's defaults.")
  Path schedulerConfig;

  @Option(
      names = "--disable-scheduler",
      description = "Run no scheduler here (one runs elsewhere: ketch scheduler --kubeconfig ...).")
  boolean disableScheduler;

  @Option(
      names = "--disable-agent",
      description = "Do not run a node agent for this machine.")
  boolean disableAgent;

  @Option(
      names = "--runtime",
      defaultValue = "auto",
      description = "The container runtime of this machine's node agent: auto (containerd when its socket answers, "
          + "else the process runtime), containerd, or process (containers are host processes). Default: ${DEFAULT-VALUE}.")
  String runtime;

  @Option(
      names = "--container-runtime-endpoint",
      defaultValue = "unix:///run/containerd/containerd.sock",
      description = "containerd's CRI socket. Default: ${DEFAULT-VALUE}.")
  String runtimeEndpoint;

  @Option(
      names = "--node-name",
      description = "The name this machine registers as; default: its host name.")
  String nodeName;

  @Option(
      names = "--pod-cidr",
      defaultValue = "10.42.0.0/24",
      description = "This machine's pod addresses while the cluster assigns the node no podCIDR. Default: ${DEFAULT-VALUE}.")
  String podCidr;

  @Option(
      names = "--simulate-nodes",
      defaultValue = "0",
      description = "Also run this many simulated nodes (sim-0, sim-1, …) in this process. Default: ${DEFAULT-VALUE}.")
  int simulateNodes;

  @Mixin NetworkingOptions networking;

  @Override
  public Integer call() throws Exception {
    ServerConfig config =
        new ServerConfig(
            dataDir != null ? dataDir : ServerConfig.defaultDataDir(),
            store,
            etcdEndpoints,
            etcdListen,
            compactionInterval,
            httpsListen,
            writeKubeconfig,
            tlsSans,
            tokenAuthFile,
            schedulerConfig,
            disableScheduler,
            !disableAgent,
            new ServerConfig.AgentOptions(runtime, runtimeEndpoint, nodeName, podCidr),
            simulateNodes);
    config.validate();
    NetworkingConfig networkingConfig = networking.config();
    CountDownLatch stopRequested = new CountDownLatch(1);
    // SIGTERM and SIGINT ask for a clean stop, which then exits 0; a shutdown hook still closes
    // the components if the JVM goes down any other way.
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stopRequested.countDown());
    }
    KetchServer server = KetchServer.start(config);
    try {
      server.startNetworking(networkingConfig);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    Thread hook = Thread.ofPlatform().name("ketch-shutdown").unstarted(server::close);
    Runtime.getRuntime().addShutdownHook(hook);
    server.printWelcome(System.out);
    stopRequested.await();
    server.close();
    Runtime.getRuntime().removeShutdownHook(hook);
    return 0;
  }
}
