package dev.ketch.server;

import dev.ketch.controllers.endpoint.EndpointsController;
import dev.ketch.controllers.endpoint.EndpointsControllerConfig;
import dev.ketch.controllers.endpointslice.EndpointSliceController;
import dev.ketch.controllers.endpointslice.EndpointSliceControllerConfig;
import dev.ketch.controllers.leaderelection.LeaderElectionConfig;
import dev.ketch.controllers.leaderelection.LeaseLeaderElection;
import dev.ketch.controllers.manager.BuiltInControllers;
import dev.ketch.controllers.manager.ControllerDescriptor;
import dev.ketch.controllers.manager.ControllerManager;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.manager.LeaderElection;
import dev.ketch.controllers.nodeipam.NodeIpamControllerConfig;
import dev.ketch.controllers.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code ketch controller-manager}: runs the controller manager on its own, against an API server
 * elsewhere, taking part in leader election so that only one of several instances (and the one
 * inside {@code ketch server}) acts at a time. Flags are kube-controller-manager's.
 */
@Command(
    name = "controller-manager",
    mixinStandardHelpOptions = true,
    description = "Run the controller manager alone, as a client of an API server (for a split control plane).")
final class ControllerManagerCommand implements Callable<Integer> {

  @Option(names = "--kubeconfig", required = true, description = "The kubeconfig of the API server to manage.")
  Path kubeconfig;

  @Option(names = "--controllers", split = ",", defaultValue = "*",
      description = "Controllers to run: '*' all, 'foo' enables foo, '-foo' disables foo. Default: ${DEFAULT-VALUE}.")
  List<String> controllers = new ArrayList<>();

  @Option(names = "--leader-elect", defaultValue = "true", arity = "0..1", fallbackValue = "true",
      description = "Take part in leader election before running controllers. Default: ${DEFAULT-VALUE}.")
  boolean leaderElect;

  @Option(names = "--leader-elect-lease-duration", defaultValue = "15s", converter = DurationConverter.class,
      description = "How long candidates wait to take over a lease not renewed. Default: ${DEFAULT-VALUE}.")
  Duration leaseDuration;

  @Option(names = "--leader-elect-renew-deadline", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long the leader retries renewing before it stops leading. Default: ${DEFAULT-VALUE}.")
  Duration renewDeadline;

  @Option(names = "--leader-elect-retry-period", defaultValue = "2s", converter = DurationConverter.class,
      description = "How often candidates try to acquire and the leader renews. Default: ${DEFAULT-VALUE}.")
  Duration retryPeriod;

  @Option(names = "--leader-elect-resource-namespace", defaultValue = "kube-system",
      description = "The namespace of the Lease. Default: ${DEFAULT-VALUE}.")
  String leaseNamespace;

  @Option(names = "--leader-elect-resource-name", defaultValue = "kube-controller-manager",
      description = "The name of the Lease. Default: ${DEFAULT-VALUE}.")
  String leaseName;

  @Option(names = "--endpoint-updates-batch-period", defaultValue = "0s", converter = DurationConverter.class,
      description = "How long pod changes wait to be handled together by the Endpoints controller. Default: ${DEFAULT-VALUE}.")
  Duration endpointUpdatesBatchPeriod;

  @Option(names = "--endpointslice-updates-batch-period", defaultValue = "0s", converter = DurationConverter.class,
      description = "How long pod changes wait to be handled together by the EndpointSlice controller. Default: ${DEFAULT-VALUE}.")
  Duration endpointSliceUpdatesBatchPeriod;

  @Option(names = "--cluster-cidr", split = ",", defaultValue = "10.42.0.0/16",
      description = "The pod ranges node IPAM hands node subnets out of, one per IP family. Default: ${DEFAULT-VALUE}.")
  List<String> clusterCidrs = new ArrayList<>();

  @Option(names = "--node-cidr-mask-size-ipv4", defaultValue = "24",
      description = "The prefix length of a node's IPv4 pod subnet. Default: ${DEFAULT-VALUE}.")
  int nodeCidrMaskIpv4;

  @Option(names = "--node-cidr-mask-size-ipv6", defaultValue = "64",
      description = "The prefix length of a node's IPv6 pod subnet. Default: ${DEFAULT-VALUE}.")
  int nodeCidrMaskIpv6;

  /** Released to stop the command; SIGTERM and SIGINT release it. */
  final CountDownLatch stopRequested = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " cannot be read");
    }
    List<ControllerDescriptor> selected = BuiltInControllers.select(controllers).stream().map(d -> switch (d.name()) {
      case EndpointsController.NAME -> BuiltInControllers.endpoints(
          new EndpointsControllerConfig(EndpointsControllerConfig.defaults().workers(), endpointUpdatesBatchPeriod));
      case EndpointSliceController.NAME -> BuiltInControllers.endpointSlice(new EndpointSliceControllerConfig(
          EndpointSliceControllerConfig.defaults().workers(), EndpointSliceControllerConfig.defaults().maxEndpointsPerSlice(),
          endpointSliceUpdatesBatchPeriod));
      case BuiltInControllers.NODE_IPAM -> BuiltInControllers.nodeIpam(
          new NodeIpamControllerConfig(clusterCidrs, nodeCidrMaskIpv4, nodeCidrMaskIpv6));
      default -> d;
    }).toList();
    ControllerManagerConfig config = ControllerManagerConfig.defaults().withControllers(selected).withLeaderElection(leaderElection());
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stopRequested.countDown());
    }
    try (ControllerManager manager = ControllerManager.start(kubeconfig, config)) {
      Thread hook = Thread.ofPlatform().name("ketch-shutdown").unstarted(manager::close);
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.println("Ketch controller manager is running: " + String.join(", ", manager.controllerNames())
          + (leaderElect ? " (once it leads, on Lease " + leaseNamespace + "/" + leaseName + ")" : "") + ". Stop it with Ctrl-C.");
      System.out.flush();
      try {
        stopRequested.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  private LeaderElection leaderElection() {
    if (!leaderElect) {
      return LeaderElection.alwaysLeader();
    }
    LeaderElectionConfig election = new LeaderElectionConfig(leaseNamespace, leaseName, identity(), leaseDuration, renewDeadline,
        retryPeriod);
    return new LeaseLeaderElection(election, Clock.system());
  }

  /** Lease leader election with kube-controller-manager's defaults (15 s, 10 s, 2 s on kube-system/kube-controller-manager). */
  static LeaderElection defaultLeaderElection() {
    return new LeaseLeaderElection(LeaderElectionConfig.controllerManager(identity()), Clock.system());
  }

  /** As kube-controller-manager's: the host name and a random suffix, unique per process. */
  static String identity() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return host + "_" + UUID.randomUUID();
  }
}
