package dev.ketch.cluster;

import dev.ketch.kubelet.CriNode;
import dev.ketch.kubelet.KubeClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine as one node of a {@link LocalCluster}, its pods real containers in containerd: a
 * {@link CriNode} named {@code ketch-<cluster id>}, so that clusters sharing the machine's
 * containerd each see only their own pods, with its kubelet files and the containers' logs in the
 * cluster's directory. The Node carries the label {@value #RUNTIME_LABEL}{@code =containerd}.
 *
 * <p>{@link #close()} stops the node and removes every sandbox and container of its pods from
 * containerd, then closes its API client.
 */
final class ContainerdNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ContainerdNode.class);

  /** The Node label naming the runtime, as {@code ketch server}'s machine node carries it. */
  static final String RUNTIME_LABEL = "node.ketch.dev/container-runtime";

  private final KubernetesClient client;
  private final CriNode node;

  private ContainerdNode(KubernetesClient client, CriNode node) {
    this.client = client;
    this.node = node;
  }

  /** The node's name for the cluster {@code clusterId}. */
  static String nodeName(String clusterId) {
    return "ketch-" + clusterId;
  }

  /**
   * Fails at once, naming what is missing, when no socket exists at {@code endpoint}: checked
   * before the cluster starts anything.
   */
  static void requireSocket(String endpoint) {
    if (!CriNode.socketExists(endpoint)) {
      throw new IllegalStateException("a containerd node was asked for, but there is no containerd socket at " + endpoint
          + ": containerd must run on this machine (bin/setup starts it, as root)");
    }
  }

  /** Starts the node and returns once it is Ready. */
  static ContainerdNode start(Path kubeconfigFile, Path clusterDir, String clusterId, String endpoint) {
    requireSocket(endpoint);
    KubernetesClient client = KubeClients.fromKubeconfig(kubeconfigFile, 1);
    CriNode node;
    try {
      CriNode.Options options = CriNode.Options.forMachine(endpoint, clusterDir)
          .withNodeName(nodeName(clusterId))
          .withLogDir(clusterDir.resolve("pod-logs"))
          .withLabels(Map.of(RUNTIME_LABEL, "containerd"));
      node = CriNode.start(client, options);
    } catch (RuntimeException e) {
      client.close();
      throw new IllegalStateException("the cluster's containerd node cannot start: " + e.getMessage(), e);
    }
    ContainerdNode started = new ContainerdNode(client, node);
    try {
      NodeReadiness.await(client, List.of(node.nodeName()));
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    log.atInfo().addKeyValue("node", node.nodeName()).addKeyValue("runtime", node.runtimeVersion())
        .addKeyValue("podCidr", node.podCidr()).log("containerd node ready");
    return started;
  }

  String name() {
    return node.nodeName();
  }

  @Override
  public void close() {
    try {
      node.closeRemovingPods();
    } finally {
      client.close();
    }
  }
}
