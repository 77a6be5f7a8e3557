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
 */
public record ClusterSpec(int nodes, StoreKind store, Map<String, String> podBehaviour) {

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
  }

  /** {@code nodes} simulated nodes, the store in memory, pods that run and are ready. */
  public static ClusterSpec of(int nodes) {
    return new ClusterSpec(nodes, StoreKind.MEMORY, Map.of());
  }

  public ClusterSpec withStore(StoreKind kind) {
    return new ClusterSpec(nodes, kind, podBehaviour);
  }

  public ClusterSpec withPodBehaviour(Map<String, String> annotations) {
    return new ClusterSpec(nodes, store, annotations);
  }
}
