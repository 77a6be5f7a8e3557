package dev.ketch.server;

import dev.ketch.kubelet.KubeClients;
import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.KubeletServices;
import dev.ketch.kubelet.SimulatedNodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code ketch agent}: runs node agents against a cluster's API server until stopped. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run a node agent against a Ketch (or Kubernetes) API server.")
final class AgentCommand implements Callable<Integer> {

  @Option(
      names = "--kubeconfig",
      required = true,
      description = "The kubeconfig of the cluster to join (e.g. the server's <data-dir>/kubeconfig).")
  Path kubeconfig;

  @Option(
      names = "--simulate",
      defaultValue = "0",
      description = "Run this many simulated nodes, whose pods run no process. Default: ${DEFAULT-VALUE}.")
  int simulate;

  @Option(
      names = "--node-name-prefix",
      defaultValue = "sim-",
      description = "Simulated nodes are named <prefix>0, <prefix>1, … Default: ${DEFAULT-VALUE}.")
  String prefix;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " cannot be read");
    }
    if (simulate <= 0) {
      throw new IllegalArgumentException(
          "no container runtime is available to this agent yet; run simulated nodes with --simulate N");
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> stopRequested.countDown());
    }
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfig, simulate);
    SimulatedNodes nodes;
    try {
      nodes = SimulatedNodes.start(new KubeletServices(client, Clock.systemUTC()), simulate,
          i -> KubeletConfig.simulated(prefix, i));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    Runnable stop = () -> {
      nodes.close();
      client.close();
    };
    Thread hook = Thread.ofPlatform().name("ketch-agent-shutdown").unstarted(stop);
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.print("Ketch agent is running: " + simulate + " simulated nodes (" + prefix + "0 … " + prefix + (simulate - 1)
        + ") on " + client.getMasterUrl() + "\nStop it with Ctrl-C.\n");
    System.out.flush();
    stopRequested.await();
    stop.run();
    Runtime.getRuntime().removeShutdownHook(hook);
    return 0;
  }
}
