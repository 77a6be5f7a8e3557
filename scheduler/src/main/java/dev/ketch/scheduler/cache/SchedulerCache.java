package dev.ketch.scheduler.cache;

import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of every node and of the pods placed on them, kept from informer events and
 * from the scheduler's own decisions: a pod is <em>assumed</em> on its node as soon as it is
 * chosen, so the next cycle already counts it, long before its binding comes back through the
 * watch (upstream's scheduler cache). Each node carries the aggregates the plugins need (requested
 * resources, ports, affinity pods) and a generation, so that {@link #updateSnapshot} copies only
 * what changed. Thread-safe: informer threads, binding threads and the scheduling thread share it
 * under one lock.
 */
public final class SchedulerCache {

  /** A pod the cache knows: where it is and whether only the scheduler thinks so. */
  private record PodState(PodInfo info, boolean assumed) {}

  private final Object lock = new Object();
  // Insertion order is recency: every change moves a node to the end, so snapshots walk back from
  // the end and stop at the first node they already have.
  private final LinkedHashMap<String, NodeInfo> nodes = new LinkedHashMap<>();
  private final Set<String> nodeOrder = new LinkedHashSet<>();
  private final Map<String, PodState> pods = new HashMap<>();
  private final Map<String, Set<String>> imageNodes = new HashMap<>();
  private long generation;
  private long imagesVersion;
  private long nodeSetVersion;

  /** Adds a node or, when pods already referred to it, gives their node info its object. */
  public void addNode(Node node) {
    synchronized (lock) {
      String name = node.getMetadata().getName();
      NodeInfo info = nodes.get(name);
      if (info == null) {
        info = new NodeInfo();
      } else {
        removeImages(info);
      }
      info.setNode(node);
      addImages(info);
      if (nodeOrder.add(name)) {
        nodeSetVersion++;
      }
      touch(name, info);
    }
  }

  /** Replaces a node's object. */
  public void updateNode(Node node) {
    addNode(node);
  }

  /** Removes a node; its node info lingers while pods still refer to it, invisible to snapshots. */
  public void removeNode(Node node) {
    synchronized (lock) {
      String name = node.getMetadata().getName();
      NodeInfo info = nodes.get(name);
      if (info == null) {
        return;
      }
      removeImages(info);
      nodeOrder.remove(name);
      nodeSetVersion++;
      if (info.pods().isEmpty()) {
        nodes.remove(name);
        generation++;
      } else {
        info.clearNode();
        touch(name, info);
      }
    }
  }

  /**
   * Adds a pod bound to a node (seen by the informer). A pod that was assumed is confirmed, moved
   * if it was bound elsewhere than assumed.
   */
  public void addPod(Pod pod) {
    PodInfo info = PodInfo.of(pod);
    synchronized (lock) {
      PodState existing = pods.get(info.uid());
      if (existing != null) {
        removeFromNode(existing.info());
      }
      addToNode(info);
      pods.put(info.uid(), new PodState(info, false));
    }
  }

  /** Replaces a bound pod. */
  public void updatePod(Pod newPod) {
    addPod(newPod);
  }

  /** Removes a pod (deleted, or no longer placed). */
  public void removePod(Pod pod) {
    String uid = PodInfo.uidOf(pod);
    synchronized (lock) {
      PodState existing = pods.remove(uid);
      if (existing != null) {
        removeFromNode(existing.info());
      }
    }
  }

  /**
   * Counts a pod on the node it was just assigned to ({@link PodInfo#nodeName()}), before it is
   * bound.
   *
   * @throws IllegalStateException when the pod is already in the cache
   */
  public void assumePod(PodInfo pod) {
    synchronized (lock) {
      if (pods.containsKey(pod.uid())) {
        throw new IllegalStateException("pod " + pod.key() + " is in the cache, so can't be assumed");
      }
      addToNode(pod);
      pods.put(pod.uid(), new PodState(pod, true));
    }
  }

  /** Undoes {@link #assumePod} after a failed binding; no-op when the pod is not assumed. */
  public void forgetPod(PodInfo pod) {
    synchronized (lock) {
      PodState existing = pods.get(pod.uid());
      if (existing != null && existing.assumed()) {
        removeFromNode(existing.info());
        pods.remove(pod.uid());
      }
    }
  }

  /** Whether the pod is assumed and not yet confirmed by the informer. */
  public boolean isAssumed(String uid) {
    synchronized (lock) {
      PodState s = pods.get(uid);
      return s != null && s.assumed();
    }
  }

  /** The pod as the cache has it (assumed or bound), or null. */
  public PodInfo pod(String uid) {
    synchronized (lock) {
      PodState s = pods.get(uid);
      return s == null ? null : s.info();
    }
  }

  public int nodeCount() {
    synchronized (lock) {
      return nodeOrder.size();
    }
  }

  public int podCount() {
    synchronized (lock) {
      return pods.size();
    }
  }

  public int assumedPodCount() {
    synchronized (lock) {
      return (int) pods.values().stream().filter(PodState::assumed).count();
    }
  }

  /**
   * Brings {@code snapshot} up to date: copies the nodes that changed since its last update (in
   * place, so lists keep referring to them), drops nodes that left, and rebuilds the node lists
   * when the set of nodes or of nodes with affinity pods changed.
   */
  public void updateSnapshot(Snapshot snapshot) {
    synchronized (lock) {
      if (snapshot.generation == generation && snapshot.imagesVersion == imagesVersion) {
        return;
      }
      boolean rebuild = snapshot.generation < 0 || snapshot.nodes.size() != nodeOrder.size();
      for (NodeInfo info : nodes.sequencedValues().reversed()) {
        if (info.generation() <= snapshot.generation) {
          break;
        }
        if (info.node() == null) {
          rebuild |= snapshot.byName.remove(info.name()) != null;
          continue;
        }
        NodeInfo existing = snapshot.byName.get(info.name());
        if (existing == null) {
          snapshot.byName.put(info.name(), info.copy());
          rebuild = true;
        } else {
          boolean hadAffinity = !existing.podsWithAffinity().isEmpty();
          boolean hadAnti = !existing.podsWithRequiredAntiAffinity().isEmpty();
          existing.replaceWith(info);
          rebuild |= hadAffinity != !info.podsWithAffinity().isEmpty() || hadAnti != !info.podsWithRequiredAntiAffinity().isEmpty();
        }
      }
      if (snapshot.byName.size() != nodeOrder.size()) {
        snapshot.byName.keySet().retainAll(nodeOrder);
        rebuild = true;
      }
      if (rebuild) {
        List<NodeInfo> ordered = new ArrayList<>(nodeOrder.size());
        for (String name : nodeOrder) {
          NodeInfo n = snapshot.byName.get(name);
          if (n != null) {
            ordered.add(n);
          }
        }
        snapshot.rebuildLists(ordered);
      }
      if (snapshot.imagesVersion != imagesVersion) {
        Map<String, Integer> counts = new HashMap<>(imageNodes.size() * 2);
        imageNodes.forEach((image, names) -> counts.put(image, names.size()));
        snapshot.imageNodeCounts = counts;
        snapshot.imagesVersion = imagesVersion;
      }
      snapshot.generation = generation;
    }
  }

  private void addToNode(PodInfo pod) {
    NodeInfo info = nodes.get(pod.nodeName());
    if (info == null) {
      // The pod's node is not known yet (informers are not ordered); keep the pod counted on a
      // node info without a node object until the node arrives.
      info = new NodeInfo();
      info.setNodeName(pod.nodeName());
    }
    info.addPod(pod);
    touch(pod.nodeName(), info);
  }

  private void removeFromNode(PodInfo pod) {
    NodeInfo info = nodes.get(pod.nodeName());
    if (info == null) {
      return;
    }
    info.removePod(pod);
    if (info.node() == null && info.pods().isEmpty()) {
      nodes.remove(pod.nodeName());
      generation++;
    } else {
      touch(pod.nodeName(), info);
    }
  }

  private void touch(String name, NodeInfo info) {
    info.setGeneration(++generation);
    nodes.remove(name);
    nodes.put(name, info);
  }

  private void addImages(NodeInfo info) {
    for (String image : info.imageSizes().keySet()) {
      imageNodes.computeIfAbsent(image, k -> new HashSet<>()).add(info.name());
    }
    if (!info.imageSizes().isEmpty()) {
      imagesVersion++;
    }
  }

  private void removeImages(NodeInfo info) {
    for (String image : info.imageSizes().keySet()) {
      Set<String> names = imageNodes.get(image);
      if (names != null) {
        names.remove(info.name());
        if (names.isEmpty()) {
          imageNodes.remove(image);
        }
      }
    }
    if (!info.imageSizes().isEmpty()) {
      imagesVersion++;
    }
  }
}
