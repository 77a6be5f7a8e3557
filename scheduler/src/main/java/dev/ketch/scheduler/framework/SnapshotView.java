package dev.ketch.scheduler.framework;

import java.util.List;

/**
 * The nodes as one scheduling cycle sees them: a consistent copy of the cache taken at the start
 * of the cycle, including assumed pods. Read-only for plugins.
 */
public interface SnapshotView {

  /** All nodes, in a stable order. */
  List<NodeInfo> nodes();

  /** The node with this name, or null. */
  NodeInfo get(String nodeName);

  /** Nodes with at least one pod that has any pod (anti-)affinity term. */
  List<NodeInfo> nodesWithAffinityPods();

  /** Nodes with at least one pod that has a required anti-affinity term. */
  List<NodeInfo> nodesWithRequiredAntiAffinityPods();

  /** How many nodes have the image (by normalized name). */
  int imageNodeCount(String normalizedImage);
}
