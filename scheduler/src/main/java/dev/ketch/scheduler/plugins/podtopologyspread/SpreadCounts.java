package dev.ketch.scheduler.plugins.podtopologyspread;

import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.labels.RequiredNodeAffinity;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PodTopologySpread's PreFilter state: for each DoNotSchedule constraint, the matching pods per
 * domain over the eligible nodes. Updated in place (on copies) when preemption or nomination
 * simulates adding or removing pods.
 */
final class SpreadCounts implements StateData {

  final List<SpreadConstraint> constraints;
  final List<Map<String, Integer>> perDomain;
  final RequiredNodeAffinity required;

  SpreadCounts(List<SpreadConstraint> constraints, RequiredNodeAffinity required) {
    this.constraints = constraints;
    this.required = required;
    this.perDomain = new ArrayList<>(constraints.size());
    for (int i = 0; i < constraints.size(); i++) {
      perDomain.add(new HashMap<>());
    }
  }

  private SpreadCounts(SpreadCounts o) {
    this.constraints = o.constraints;
    this.required = o.required;
    this.perDomain = new ArrayList<>(o.perDomain.size());
    o.perDomain.forEach(m -> perDomain.add(new HashMap<>(m)));
  }

  @Override
  public SpreadCounts copy() {
    return new SpreadCounts(this);
  }

  /** Counts every eligible node's matching pods. */
  void count(Pod pod, List<NodeInfo> nodes) {
    String ns = pod.getMetadata().getNamespace();
    for (NodeInfo node : nodes) {
      Map<String, String> labels = node.labels();
      if (!SpreadConstraint.nodeHasAllKeys(labels, constraints)) {
        continue;
      }
      for (int i = 0; i < constraints.size(); i++) {
        SpreadConstraint c = constraints.get(i);
        if (c.includes(pod, node, required)) {
          perDomain.get(i).merge(labels.get(c.topologyKey()), c.countMatching(node, ns), Integer::sum);
        }
      }
    }
  }

  /** Adjusts for {@code changed} added (+1) or removed (−1) on {@code node}. */
  void update(Pod preemptor, PodInfo changed, NodeInfo node, int delta) {
    if (!changed.namespace().equals(preemptor.getMetadata().getNamespace()) || node.node() == null) {
      return;
    }
    Map<String, String> labels = node.labels();
    if (!SpreadConstraint.nodeHasAllKeys(labels, constraints)) {
      return;
    }
    for (int i = 0; i < constraints.size(); i++) {
      SpreadConstraint c = constraints.get(i);
      if (c.selector().matches(changed.labels()) && c.includes(preemptor, node, required)) {
        perDomain.get(i).merge(labels.get(c.topologyKey()), delta, Integer::sum);
      }
    }
  }

  /** The smallest count over the constraint's domains, or 0 when there are fewer than minDomains. */
  int minMatch(int constraint) {
    Map<String, Integer> m = perDomain.get(constraint);
    if (m.size() < constraints.get(constraint).minDomains()) {
      return 0;
    }
    int min = Integer.MAX_VALUE;
    for (int v : m.values()) {
      min = Math.min(min, v);
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }
}
