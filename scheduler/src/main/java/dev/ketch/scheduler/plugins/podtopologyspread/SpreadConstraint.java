package dev.ketch.scheduler.plugins.podtopologyspread;

import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.labels.LabelMatcher;
import dev.ketch.scheduler.labels.RequiredNodeAffinity;
import dev.ketch.scheduler.labels.Taints;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * A compiled topology spread constraint.
 *
 * @param maxSkew the largest allowed difference between a domain's matching pods and the global minimum
 * @param topologyKey the node label that defines domains
 * @param whenUnsatisfiable DoNotSchedule (a filter) or ScheduleAnyway (a preference)
 * @param selector which pods count, matchLabelKeys folded in
 * @param minDomains below this many eligible domains, the global minimum counts as 0
 * @param honorNodeAffinity nodeAffinityPolicy Honor (default): only nodes matching the pod's node
 *     affinity and selector count
 * @param honorNodeTaints nodeTaintsPolicy Honor: only nodes whose taints the pod tolerates count
 *     (default Ignore)
 */
record SpreadConstraint(int maxSkew, String topologyKey, String whenUnsatisfiable, LabelMatcher selector, int minDomains,
    boolean honorNodeAffinity, boolean honorNodeTaints) {

  static final String DO_NOT_SCHEDULE = "DoNotSchedule";
  static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

  /** Whether the node counts toward this constraint's domains for {@code pod}. */
  boolean includes(Pod pod, NodeInfo node, RequiredNodeAffinity required) {
    if (honorNodeAffinity && !required.matches(node.node())) {
      return false;
    }
    return !honorNodeTaints || Taints.firstUntolerated(node.taints(), pod.getSpec().getTolerations(), Taints::blocksScheduling).isEmpty();
  }

  /** Whether a node has every topology key of the constraints. */
  static boolean nodeHasAllKeys(Map<String, String> labels, List<SpreadConstraint> constraints) {
    for (SpreadConstraint c : constraints) {
      if (!labels.containsKey(c.topologyKey())) {
        return false;
      }
    }
    return true;
  }

  /** Pods on the node in the pod's namespace, not being deleted, that the selector matches. */
  int countMatching(NodeInfo node, String namespace) {
    int n = 0;
    for (PodInfo p : node.pods()) {
      if (namespace.equals(p.namespace()) && !p.terminating() && selector.matches(p.labels())) {
        n++;
      }
    }
    return n;
  }
}
