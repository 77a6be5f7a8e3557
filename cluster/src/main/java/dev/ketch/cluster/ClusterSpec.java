package dev.ketch.cluster;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LocalCluster} runs.
 *
 * @param nodes how many simulated nodes start with the cluster (0 or more)
 * @param store where the cluster's state lives
 * @param podBehaviour {@code ketch.dev/simulate-*} annotations every pod on the simulated nodes
 *     behaves as if it carried (a pod's own annotations win); empty: pods run and are ready
 * @param containerdEndpoint containerd's CRI endpoint when this machine also runs as a node of the
 *     cluster whose pods are real containers in containerd; null for simulated nodes only
 */
public record ClusterSpec(int nodes, StoreKind store, Map<String, String> podBehaviour, String containerdEndpoint) {

  /** containerd's usual CRI socket, the one bin/setup starts. */
  public static final String DEFAULT_CONTAINERD_ENDPOINT = "unix:///run/containerd/containerd.sock";

  /** Where the store keeps the cluster's state. */
  public enum StoreKind {
    /** In memory: nothing is written but the certificates and kubeconfig. */
    MEMORY,
    /** RocksDB in the cluster's temporary directory. */
    DISK
  }

  public ClusterSpec {
    if (nodes < 0) {
      throw new IllegalArgumentException("nodes must be 0 or more, not " + nodes);
    }
    Objects.requireNonNull(store, "store");
    podBehaviour = Map.copyOf(podBehaviour);
    if (containerdEndpoint != null && containerdEndpoint.isBlank()) {
      throw new IllegalArgumentException("the containerd endpoint must not be blank");
    }
  }

  /** {@code nodes} simulated nodes, the store in memory, pods that run and are ready. */
  public static ClusterSpec of(int nodes) {
    return new ClusterSpec(nodes, StoreKind.MEMORY, Map.of(), null);
  }

  public ClusterSpec withStore(StoreKind kind) {
    return new ClusterSpec(nodes, kind, podBehaviour, containerdEndpoint);
  }

  public ClusterSpec withPodBehaviour(Map<String, String> annotations) {
    return new ClusterSpec(nodes, store, annotations, containerdEndpoint);
  }

  /** Also runs this machine as a node on containerd at {@link #DEFAULT_CONTAINERD_ENDPOINT}. */
  public ClusterSpec withContainerdNode() {
    return withContainerdNode(DEFAULT_CONTAINERD_ENDPOINT);
  }

  /** Also runs this machine as a node on the containerd at {@code endpoint} ({@code unix:///…}). */
  public ClusterSpec withContainerdNode(String endpoint) {
    return new ClusterSpec(nodes, store, podBehaviour, Objects.requireNonNull(endpoint, "endpoint"));
  }

  /** Whether this machine runs as a containerd node of the cluster. */
  public boolean hasContainerdNode() {
    return containerdEndpoint != null;
  }
}
