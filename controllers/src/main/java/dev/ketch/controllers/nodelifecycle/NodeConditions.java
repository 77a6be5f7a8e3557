package dev.ketch.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Node conditions and the taints the node lifecycle controller derives from them. */
final class NodeConditions {

  static final String READY = "Ready";
  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
  static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
  /** Nodes with this label do not count toward a zone's disruption state. */
  static final String EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

  /** Condition type → status → NoSchedule taint key (nodeConditionToTaintKeyStatusMap). */
  static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
      READY, Map.of("False", NOT_READY_TAINT, "Unknown", UNREACHABLE_TAINT),
      "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
      "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
      "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
      "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));

  /** The conditions the controller sets to Unknown when a node goes silent. */
  static final List<String> KUBELET_CONDITIONS = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

  private NodeConditions() {}

  static NodeCondition find(Node node, String type) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return null;
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  static String status(NodeCondition c) {
    return c == null ? "Unknown" : c.getStatus();
  }

  static Taint noExecute(String key) {
    return new TaintBuilder().withKey(key).withEffect("NoExecute").build();
  }

  static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
  }

  static boolean hasTaint(Node node, String key, String effect) {
    return taints(node).stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
  }

  /** The NoSchedule taint keys the node's conditions and schedulability call for. */
  static List<String> wantedNoScheduleKeys(Node node) {
    List<String> keys = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        String key = CONDITION_TAINTS.getOrDefault(c.getType(), Map.of()).get(c.getStatus());
        if (key != null) {
          keys.add(key);
        }
      }
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      keys.add(UNSCHEDULABLE_TAINT);
    }
    return keys;
  }

  /** Whether the controller manages a NoSchedule taint of this key. */
  static boolean managedNoScheduleKey(String key) {
    return UNSCHEDULABLE_TAINT.equals(key) || CONDITION_TAINTS.values().stream().anyMatch(m -> m.containsValue(key));
  }

  /** The zone of a node (GetZoneKey): region and zone labels, empty if neither is set. */
  static String zone(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    String region = labels.getOrDefault("topology.kubernetes.io/region", labels.getOrDefault("failure-domain.beta.kubernetes.io/region", ""));
    String zone = labels.getOrDefault("topology.kubernetes.io/zone", labels.getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
    return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
  }
}
