package dev.ketch.junit;

import dev.ketch.cluster.LocalCluster;
import dev.ketch.cluster.SimulatedNodePool;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cluster of a {@link KetchCluster} test: its address and credentials, its simulated nodes,
 * and its log. Changes made through it happen on the cluster's own threads, so what they start logs
 * to the cluster's log.
 */
public final class ClusterHandle {

  private final LocalCluster cluster;

  ClusterHandle(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** The API server's address, {@code https://127.0.0.1:<port>}. */
  public String url() {
    return cluster.url();
  }

  /** The admin kubeconfig, as text. */
  public String kubeconfig() {
    return cluster.kubeconfig();
  }

  /** The admin kubeconfig file; it is deleted with the cluster. */
  public Path kubeconfigFile() {
    return cluster.kubeconfigFile();
  }

  /** A new fabric8 client with admin credentials, for the caller to close. */
  public KubernetesClient newClient() {
    return cluster.newClient();
  }

  /**
   * The name of this machine's node on containerd, when {@link KetchCluster#containerdNode()} asked
   * for one; empty otherwise.
   */
  public java.util.Optional<String> containerdNodeName() {
    return cluster.containerdNodeName();
  }

  /** The simulated nodes' names, in the order they were added (the containerd node is not one). */
  public List<String> nodeNames() {
    return nodes().names();
  }

  /** Adds a simulated node, registered when this returns; its name is returned. */
  public String addNode() {
    return cluster.runAsCluster("add-node", () -> nodes().add());
  }

  /**
   * Adds a simulated node whose pods behave as these {@link PodBehaviour} annotations say (short
   * names such as {@code exit-code} are accepted); its name is returned.
   */
  public String addNode(Map<String, String> podBehaviour) {
    Map<String, String> annotations = new java.util.HashMap<>();
    podBehaviour.forEach((k, v) -> annotations.put(PodBehaviour.annotation(k), v));
    return cluster.runAsCluster("add-node", () -> nodes().add(annotations));
  }

  /** Stops the node's kubelet and deletes the Node, as when a machine is taken away. */
  public void removeNode(String name) {
    cluster.runAsCluster("remove-node", () -> {
      nodes().remove(name);
      return null;
    });
  }

  /**
   * Makes the node go silent: its kubelet stops renewing the node's lease and status, while the
   * Node, its pods and their containers stay, as when a machine stops answering.
   */
  public void silenceNode(String name) {
    cluster.runAsCluster("silence-node", () -> {
      nodes().silence(name);
      return null;
    });
  }

  /** Starts a silenced node's kubelet again; it finds its pods' containers as it left them. */
  public void resumeNode(String name) {
    cluster.runAsCluster("resume-node", () -> {
      nodes().resume(name);
      return null;
    });
  }

  /**
   * Advances a running pod: its containers exit with {@code exitCode}, so the pod becomes
   * Succeeded (0) or Failed, or its containers restart, as its restart policy says.
   *
   * @return how many containers exited
   */
  public int exitPod(String namespace, String name, int exitCode) {
    return nodes().exitPod(namespace, name, exitCode);
  }

  /** {@link #exitPod} for every running pod bound to {@code node}; returns how many containers exited. */
  public int exitPodsOn(String node, int exitCode) {
    int exited = 0;
    try (KubernetesClient client = cluster.newClient()) {
      for (Pod pod : client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems()) {
        exited += nodes().exitPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), exitCode);
      }
    }
    return exited;
  }

  /** What the cluster's components (API server, scheduler, controllers, kubelets) have logged. */
  public String serverLog() {
    return cluster.log().text();
  }

  /** {@link #serverLog()} as lines, oldest first. */
  public List<String> serverLogLines() {
    return cluster.log().lines();
  }

  /** How long each part of the cluster's start took, in milliseconds. */
  public Map<String, Long> startupMillis() {
    return cluster.startupMillis();
  }

  /** The cluster's temporary directory (certificates, kubeconfig, the store on disk). */
  public Path directory() {
    return cluster.directory();
  }

  private SimulatedNodePool nodes() {
    return cluster.nodes();
  }
}
