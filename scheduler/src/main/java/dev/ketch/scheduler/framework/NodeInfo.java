package dev.ketch.scheduler.framework;

import dev.ketch.scheduler.resource.Resource;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node with what the scheduler aggregates over the pods on it (bound or assumed): their summed
 * requests, the host ports they hold, which of them have (anti-)affinity terms; and the node's
 * allocatable resources and image sizes. The scheduler cache owns the live instances and changes
 * them under its lock; the scheduling cycle works on {@link #copy() copies} in its snapshot, which
 * preemption may change further on copies of its own. Not thread-safe.
 */
public final class NodeInfo {

  private Node node;
  private String name;
  private Resource allocatable = new Resource();
  private Map<String, Long> imageSizes = Map.of();
  private final List<PodInfo> pods;
  private final List<PodInfo> podsWithAffinity;
  private final List<PodInfo> podsWithRequiredAntiAffinity;
  private final Map<HostPort, Integer> usedPorts;
  private final Resource requested;
  private final Resource nonZeroRequested;
  private long generation;

  public NodeInfo() {
    this.pods = new ArrayList<>();
    this.podsWithAffinity = new ArrayList<>();
    this.podsWithRequiredAntiAffinity = new ArrayList<>();
    this.usedPorts = new HashMap<>();
    this.requested = new Resource();
    this.nonZeroRequested = new Resource();
  }

  private NodeInfo(NodeInfo o) {
    this.node = o.node;
    this.name = o.name;
    this.allocatable = o.allocatable;
    this.imageSizes = o.imageSizes;
    this.pods = new ArrayList<>(o.pods);
    this.podsWithAffinity = new ArrayList<>(o.podsWithAffinity);
    this.podsWithRequiredAntiAffinity = new ArrayList<>(o.podsWithRequiredAntiAffinity);
    this.usedPorts = new HashMap<>(o.usedPorts);
    this.requested = o.requested.copy();
    this.nonZeroRequested = o.nonZeroRequested.copy();
    this.generation = o.generation;
  }

  /** A node with the given pods on it, for tests and simulations. */
  public static NodeInfo of(Node node, PodInfo... pods) {
    NodeInfo n = new NodeInfo();
    n.setNode(node);
    for (PodInfo p : pods) {
      n.addPod(p);
    }
    return n;
  }

  /** A copy that can be changed independently; the node object and pod infos are shared (both immutable). */
  public NodeInfo copy() {
    return new NodeInfo(this);
  }

  /**
   * Makes this node info an exact copy of {@code source}, in place, so that a snapshot's lists
   * that refer to this object stay valid.
   */
  public void replaceWith(NodeInfo source) {
    this.node = source.node;
    this.name = source.name;
    this.allocatable = source.allocatable;
    this.imageSizes = source.imageSizes;
    pods.clear();
    pods.addAll(source.pods);
    podsWithAffinity.clear();
    podsWithAffinity.addAll(source.podsWithAffinity);
    podsWithRequiredAntiAffinity.clear();
    podsWithRequiredAntiAffinity.addAll(source.podsWithRequiredAntiAffinity);
    usedPorts.clear();
    usedPorts.putAll(source.usedPorts);
    requested.withMilliCpu(0).withMemory(0).withEphemeralStorage(0).withAllowedPods(0);
    requested.clearScalars();
    requested.add(source.requested);
    nonZeroRequested.withMilliCpu(0).withMemory(0).withEphemeralStorage(0).withAllowedPods(0);
    nonZeroRequested.clearScalars();
    nonZeroRequested.add(source.nonZeroRequested);
    this.generation = source.generation;
  }

  /** Sets the node object, re-reading allocatable resources and images. */
  public void setNode(Node node) {
    this.node = node;
    this.name = node.getMetadata().getName();
    this.allocatable = node.getStatus() == null ? new Resource() : Resource.of(node.getStatus().getAllocatable());
    Map<String, Long> images = new HashMap<>();
    if (node.getStatus() != null && node.getStatus().getImages() != null) {
      for (ContainerImage image : node.getStatus().getImages()) {
        long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
        if (image.getNames() != null) {
          for (String n : image.getNames()) {
            images.put(normalizedImageName(n), size);
          }
        }
      }
    }
    this.imageSizes = Map.copyOf(images);
  }

  /** Names a node info whose node object has not arrived yet. */
  public void setNodeName(String name) {
    this.name = name;
  }

  /** Forgets the node object (the node was deleted while pods remain on it). */
  public void clearNode() {
    this.node = null;
  }

  /** An image name with ":latest" added when it has neither tag nor digest, as upstream's ImageLocality. */
  public static String normalizedImageName(String image) {
    int slash = image.lastIndexOf('/');
    if (image.indexOf(':', slash + 1) < 0 && image.indexOf('@') < 0) {
      return image + ":latest";
    }
    return image;
  }

  /** Adds a pod: its requests, ports and affinity terms now count on this node. */
  public void addPod(PodInfo pod) {
    pods.add(pod);
    if (pod.hasAffinity()) {
      podsWithAffinity.add(pod);
    }
    if (!pod.requiredAntiAffinityTerms().isEmpty()) {
      podsWithRequiredAntiAffinity.add(pod);
    }
    requested.add(pod.requests());
    nonZeroRequested.add(pod.nonZeroRequests());
    for (HostPort p : pod.hostPorts()) {
      usedPorts.merge(p, 1, Integer::sum);
    }
  }

  /** Removes the pod with the same UID; false when it is not on this node. */
  public boolean removePod(PodInfo pod) {
    String uid = pod.uid();
    PodInfo removed = null;
    for (int i = 0; i < pods.size(); i++) {
      if (pods.get(i).uid().equals(uid)) {
        removed = pods.remove(i);
        break;
      }
    }
    if (removed == null) {
      return false;
    }
    podsWithAffinity.removeIf(p -> p.uid().equals(uid));
    podsWithRequiredAntiAffinity.removeIf(p -> p.uid().equals(uid));
    requested.subtract(removed.requests());
    nonZeroRequested.subtract(removed.nonZeroRequests());
    for (HostPort p : removed.hostPorts()) {
      usedPorts.computeIfPresent(p, (k, v) -> v == 1 ? null : v - 1);
    }
    return true;
  }

  /** Whether a pod asking for {@code port} could bind it here. */
  public boolean portFree(HostPort port) {
    if (usedPorts.isEmpty()) {
      return true;
    }
    for (HostPort used : usedPorts.keySet()) {
      if (used.conflictsWith(port)) {
        return false;
      }
    }
    return true;
  }

  /** The node object, or null when the node was deleted but pods remain. */
  public Node node() {
    return node;
  }

  public String name() {
    return name;
  }

  /** The node's labels (never null). */
  public Map<String, String> labels() {
    Map<String, String> l = node == null ? null : node.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  /** The node's taints (never null). */
  public List<Taint> taints() {
    List<Taint> t = node == null || node.getSpec() == null ? null : node.getSpec().getTaints();
    return t == null ? List.of() : t;
  }

  public List<PodInfo> pods() {
    return Collections.unmodifiableList(pods);
  }

  public List<PodInfo> podsWithAffinity() {
    return Collections.unmodifiableList(podsWithAffinity);
  }

  public List<PodInfo> podsWithRequiredAntiAffinity() {
    return Collections.unmodifiableList(podsWithRequiredAntiAffinity);
  }

  /** The sum of the pods' requests; never modify it. */
  public Resource requested() {
    return requested;
  }

  /** The sum of the pods' scoring requests (with defaults for missing CPU and memory); never modify it. */
  public Resource nonZeroRequested() {
    return nonZeroRequested;
  }

  /** The node's allocatable resources; never modify it. */
  public Resource allocatable() {
    return allocatable;
  }

  /** Size in bytes of each image on the node, by normalized name. */
  public Map<String, Long> imageSizes() {
    return imageSizes;
  }

  /** The cache generation of the last change, so snapshots copy only what changed. */
  public long generation() {
    return generation;
  }

  public void setGeneration(long generation) {
    this.generation = generation;
  }

  @Override
  public String toString() {
    return "NodeInfo{" + name + ", pods=" + pods.size() + ", requested=" + requested + ", allocatable=" + allocatable + "}";
  }
}
