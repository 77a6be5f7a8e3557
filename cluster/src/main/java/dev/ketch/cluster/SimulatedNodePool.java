package dev.ketch.cluster;

import dev.ketch.kubelet.Kubelet;
import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.KubeletServices;
import dev.ketch.kubelet.NodeRuntime;
import dev.ketch.kubelet.pod.PodInformer;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated nodes of one cluster, which can grow, shrink, go silent and come back while it
 * runs. Every node has its own {@link SimulatedRuntime} (its pods' containers) and kubelet; they
 * share the cluster's kubelet services and one pod informer. Nodes are named {@code sim-<n>}, numbers
 * never reused within a cluster.
 *
 * <p>Thread-safe. {@link #close()} stops every kubelet, the informer and the services, and closes
 * the client they use.
 */
public final class SimulatedNodePool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedNodePool.class);

  private final KubeletServices services;
  private final AutoCloseable client;
  private final PodInformer informer;
  private final Map<String, String> podBehaviour;
  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private int nextIndex;

  /** One node: its configuration, its containers, and its kubelet while it is not silent. */
  private static final class SimulatedNode {
    final KubeletConfig config;
    final SimulatedRuntime runtime;
    Kubelet kubelet;

    SimulatedNode(KubeletConfig config, SimulatedRuntime runtime) {
      this.config = config;
      this.runtime = runtime;
    }
  }

  SimulatedNodePool(KubeletServices services, Map<String, String> podBehaviour, AutoCloseable client) {
    this.services = services;
    this.client = client;
    this.podBehaviour = Map.copyOf(podBehaviour);
    this.informer = PodInformer.forAllNodes(services.client()).start();
  }

  /** Adds a node whose pods behave as the cluster's default; returns its name. */
  public String add() {
    return add(podBehaviour);
  }

  /**
   * Adds a node whose pods behave as if they carried these {@code ketch.dev/simulate-*}
   * annotations (a pod's own win); returns its name once the kubelet has registered it.
   */
  public String add(Map<String, String> behaviour) {
    SimulatedNode node;
    synchronized (this) {
      KubeletConfig config = KubeletConfig.simulated(nextIndex++);
      node = new SimulatedNode(config, new SimulatedRuntime(services.clock(), config.podCidr()).withDefaultBehaviour(behaviour));
      nodes.put(config.nodeName(), node);
    }
    startKubelet(node);
    return node.config.nodeName();
  }

  /** Stops the node's kubelet and deletes its Node object, as when a machine is taken away. */
  public void remove(String name) {
    SimulatedNode node;
    synchronized (this) {
      node = nodes.remove(name);
    }
    if (node == null) {
      throw new IllegalArgumentException("no simulated node " + name);
    }
    stopKubelet(node);
    services.client().nodes().withName(name).delete();
    log.atInfo().addKeyValue("node", name).log("simulated node removed");
  }

  /**
   * Stops the node's kubelet but leaves its Node, pods and containers: the node's lease and status
   * are no longer renewed, as when a machine stops answering.
   */
  public void silence(String name) {
    stopKubelet(node(name));
    log.atInfo().addKeyValue("node", name).log("simulated node silenced");
  }

  /** Starts a silenced node's kubelet again over the same containers. */
  public void resume(String name) {
    startKubelet(node(name));
  }

  /** Whether the node's kubelet runs (false once silenced). */
  public synchronized boolean isRunning(String name) {
    return node(name).kubelet != null;
  }

  /**
   * Makes the running containers of pod {@code namespace/name} exit with {@code exitCode}, as if
   * their processes ended: the pod moves on to Succeeded or Failed (or restarts), as its restart
   * policy says.
   *
   * @return how many containers exited
   * @throws IllegalArgumentException when the pod is not bound to a node of this pool
   */
  public int exitPod(String namespace, String name, int exitCode) {
    Pod pod = services.client().pods().inNamespace(namespace).withName(name).get();
    String nodeName = pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName == null) {
      throw new IllegalArgumentException("pod " + namespace + "/" + name + " is not bound to a node");
    }
    return node(nodeName).runtime.exitContainers(namespace, name, exitCode);
  }

  /** The names of the nodes, in the order they were added. */
  public synchronized List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  public synchronized int size() {
    return nodes.size();
  }

  private synchronized SimulatedNode node(String name) {
    SimulatedNode node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no simulated node " + name + "; nodes: " + String.join(", ", nodes.keySet()));
    }
    return node;
  }

  private void startKubelet(SimulatedNode node) {
    synchronized (node) {
      if (node.kubelet == null) {
        node.kubelet = Kubelet.start(services, node.config, NodeRuntime.simulated(node.runtime), informer);
      }
    }
  }

  private static void stopKubelet(SimulatedNode node) {
    synchronized (node) {
      if (node.kubelet != null) {
        node.kubelet.close();
        node.kubelet = null;
      }
    }
  }

  @Override
  public void close() {
    List<SimulatedNode> all;
    synchronized (this) {
      all = new ArrayList<>(nodes.values());
    }
    all.forEach(SimulatedNodePool::stopKubelet);
    informer.close();
    services.close();
    try {
      client.close();
    } catch (Exception e) {
      log.atWarn().setCause(e).log("closing the nodes' client failed");
    }
  }
}
