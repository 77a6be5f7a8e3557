package dev.ketch.scheduler.cache;

import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.SnapshotView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduling thread's copy of the cache, refreshed at the start of every cycle by
 * {@link SchedulerCache#updateSnapshot}, which copies only the nodes that changed since. Owned by
 * the scheduling thread; plugins read it through {@link SnapshotView} during a cycle.
 */
public final class Snapshot implements SnapshotView {

  final Map<String, NodeInfo> byName = new HashMap<>();
  List<NodeInfo> nodes = List.of();
  List<NodeInfo> withAffinity = List.of();
  List<NodeInfo> withRequiredAntiAffinity = List.of();
  Map<String, Integer> imageNodeCounts = Map.of();
  long generation = -1;
  long imagesVersion = -1;

  /** A snapshot of the given nodes, for tests and simulations. */
  public static Snapshot of(List<NodeInfo> nodes) {
    Snapshot s = new Snapshot();
    Map<String, Integer> images = new HashMap<>();
    for (NodeInfo n : nodes) {
      s.byName.put(n.name(), n);
      n.imageSizes().keySet().forEach(i -> images.merge(i, 1, Integer::sum));
    }
    s.imageNodeCounts = images;
    s.rebuildLists(nodes);
    return s;
  }

  void rebuildLists(List<NodeInfo> ordered) {
    List<NodeInfo> affinity = new ArrayList<>();
    List<NodeInfo> anti = new ArrayList<>();
    for (NodeInfo n : ordered) {
      if (!n.podsWithAffinity().isEmpty()) {
        affinity.add(n);
      }
      if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
        anti.add(n);
      }
    }
    this.nodes = Collections.unmodifiableList(new ArrayList<>(ordered));
    this.withAffinity = Collections.unmodifiableList(affinity);
    this.withRequiredAntiAffinity = Collections.unmodifiableList(anti);
  }

  @Override
  public List<NodeInfo> nodes() {
    return nodes;
  }

  @Override
  public NodeInfo get(String nodeName) {
    return byName.get(nodeName);
  }

  @Override
  public List<NodeInfo> nodesWithAffinityPods() {
    return withAffinity;
  }

  @Override
  public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
    return withRequiredAntiAffinity;
  }

  @Override
  public int imageNodeCount(String normalizedImage) {
    return imageNodeCounts.getOrDefault(normalizedImage, 0);
  }

  public int size() {
    return nodes.size();
  }
}
