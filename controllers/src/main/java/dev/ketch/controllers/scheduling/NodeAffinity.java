package dev.ketch.controllers.scheduling;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * Whether a pod's required placement allows a node, as upstream's GetRequiredNodeAffinity(pod).Match:
 * every {@code nodeSelector} label, and, if the pod has required node affinity, at least one of
 * its terms (a term holds when all its label expressions and field expressions hold; an empty term
 * holds for no node). Operators: In, NotIn, Exists, DoesNotExist, Gt, Lt; the only field is
 * {@code metadata.name}.
 */
public final class NodeAffinity {

  private NodeAffinity() {}

  public static boolean matches(PodSpec spec, Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (spec.getNodeSelector() != null) {
      for (var e : spec.getNodeSelector().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        ? null : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null) {
      return true;
    }
    for (NodeSelectorTerm term : orEmpty(required.getNodeSelectorTerms())) {
      if (matches(term, labels, node.getMetadata().getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(NodeSelectorTerm term, Map<String, String> labels, String name) {
    List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
    List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
    if (expressions.isEmpty() && fields.isEmpty()) {
      return false;
    }
    for (NodeSelectorRequirement r : expressions) {
      if (!matches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : fields) {
      if (!"metadata.name".equals(r.getKey()) || !matches(r, name, true)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(NodeSelectorRequirement r, String value, boolean present) {
    List<String> values = orEmpty(r.getValues());
    return switch (r.getOperator()) {
      case "In" -> present && values.contains(value);
      case "NotIn" -> !present || !values.contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt", "Lt" -> present && values.size() == 1 && compare(value, values.getFirst(), r.getOperator());
      default -> false;
    };
  }

  private static boolean compare(String have, String bound, String operator) {
    try {
      long h = Long.parseLong(have);
      long b = Long.parseLong(bound);
      return operator.equals("Gt") ? h > b : h < b;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The node a pod's required affinity names through a {@code metadata.name In [node]} field
   * expression (how DaemonSet pods are targeted), or null (GetTargetNodeName without nodeName).
   */
  public static String targetNodeName(PodSpec spec) {
    NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        ? null : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null) {
      return null;
    }
    for (NodeSelectorTerm term : orEmpty(required.getNodeSelectorTerms())) {
      for (NodeSelectorRequirement r : orEmpty(term.getMatchFields())) {
        if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && orEmpty(r.getValues()).size() == 1) {
          return r.getValues().getFirst();
        }
      }
    }
    return null;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
