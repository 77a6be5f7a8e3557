package dev.ketch.scheduler.labels;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * What a pod requires of a node's labels: its {@code spec.nodeSelector} and its required node
 * affinity, both of which must hold (upstream's {@code nodeaffinity.GetRequiredNodeAffinity}).
 * Immutable and thread-safe.
 *
 * @param nodeSelector the pod's nodeSelector (empty when it has none)
 * @param affinity the required node affinity terms, or null when the pod has none
 */
public record RequiredNodeAffinity(Map<String, String> nodeSelector, NodeSelectorMatcher affinity) {

  /** A requirement that every node meets. */
  public static final RequiredNodeAffinity NONE = new RequiredNodeAffinity(Map.of(), null);

  /**
   * Reads the pod's requirements.
   *
   * @throws IllegalArgumentException when the pod's node affinity cannot be compiled
   */
  public static RequiredNodeAffinity of(Pod pod) {
    var spec = pod.getSpec();
    Map<String, String> selector = spec == null || spec.getNodeSelector() == null ? Map.of() : Map.copyOf(spec.getNodeSelector());
    NodeSelectorMatcher affinity = null;
    if (spec != null && spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
        && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      affinity = NodeSelectorMatcher.of(spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
    }
    return selector.isEmpty() && affinity == null ? NONE : new RequiredNodeAffinity(selector, affinity);
  }

  /** Whether the node satisfies both the nodeSelector and the required affinity. */
  public boolean matches(Node node) {
    if (!nodeSelector.isEmpty()) {
      Map<String, String> labels = node.getMetadata().getLabels();
      if (labels == null) {
        return false;
      }
      for (var e : nodeSelector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    return affinity == null || affinity.matches(node);
  }
}
