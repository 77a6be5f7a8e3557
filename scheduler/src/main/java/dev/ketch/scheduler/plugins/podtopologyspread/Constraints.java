package dev.ketch.scheduler.plugins.podtopologyspread;

import dev.ketch.scheduler.framework.ClusterListers;
import dev.ketch.scheduler.labels.LabelMatcher;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which spread constraints apply to a pod: its own, or (when it has none) the defaults with a
 * selector built from the Services, ReplicationControllers, ReplicaSets and StatefulSets that
 * select it, as upstream's {@code DefaultSelector}. A pod nobody selects gets no default
 * constraint. Stateless.
 */
final class Constraints {

  private Constraints() {}

  /** The pod's constraints with the given whenUnsatisfiable. */
  static List<SpreadConstraint> of(Pod pod, String action, PodTopologySpreadArgs args, ClusterListers listers) {
    List<TopologySpreadConstraint> own = pod.getSpec().getTopologySpreadConstraints();
    if (own != null && !own.isEmpty()) {
      return fromPod(pod, own, action);
    }
    List<PodTopologySpreadArgs.DefaultConstraint> defaults = args.effectiveDefaults();
    if (defaults.stream().noneMatch(d -> d.whenUnsatisfiable().equals(action))) {
      return List.of();
    }
    LabelMatcher selector = defaultSelector(pod, listers);
    if (selector.isEverything()) {
      return List.of();
    }
    List<SpreadConstraint> out = new ArrayList<>();
    for (PodTopologySpreadArgs.DefaultConstraint d : defaults) {
      if (d.whenUnsatisfiable().equals(action)) {
        out.add(new SpreadConstraint(d.maxSkew(), d.topologyKey(), d.whenUnsatisfiable(), selector, 1, true, false));
      }
    }
    return out;
  }

  /** Whether the pod declares constraints of its own. */
  static boolean declared(Pod pod) {
    return pod.getSpec().getTopologySpreadConstraints() != null && !pod.getSpec().getTopologySpreadConstraints().isEmpty();
  }

  private static List<SpreadConstraint> fromPod(Pod pod, List<TopologySpreadConstraint> own, String action) {
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    List<SpreadConstraint> out = new ArrayList<>();
    for (TopologySpreadConstraint c : own) {
      if (!action.equals(c.getWhenUnsatisfiable())) {
        continue;
      }
      LabelMatcher selector = LabelMatcher.of(c.getLabelSelector());
      List<LabelMatcher.Requirement> keys = new ArrayList<>();
      if (c.getMatchLabelKeys() != null && c.getLabelSelector() != null) {
        for (String key : c.getMatchLabelKeys()) {
          if (labels.containsKey(key)) {
            keys.add(new LabelMatcher.Requirement(key, LabelMatcher.Operator.IN, Set.of(labels.get(key))));
          }
        }
      }
      out.add(new SpreadConstraint(c.getMaxSkew() == null ? 1 : c.getMaxSkew(), c.getTopologyKey(), c.getWhenUnsatisfiable(),
          selector.and(keys), c.getMinDomains() == null ? 1 : c.getMinDomains(),
          !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
    }
    return out;
  }

  /** The union of the selectors of everything that selects the pod. */
  static LabelMatcher defaultSelector(Pod pod, ClusterListers listers) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    Map<String, String> labelSet = new HashMap<>();
    for (Service s : listers.services(ns)) {
      Map<String, String> sel = s.getSpec() == null ? null : s.getSpec().getSelector();
      if (sel != null && !sel.isEmpty() && LabelMatcher.ofMap(sel).matches(labels)) {
        labelSet.putAll(sel);
      }
    }
    for (ReplicationController rc : listers.replicationControllers(ns)) {
      Map<String, String> sel = rc.getSpec() == null ? null : rc.getSpec().getSelector();
      if (sel != null && !sel.isEmpty() && LabelMatcher.ofMap(sel).matches(labels)) {
        labelSet.putAll(sel);
      }
    }
    List<LabelMatcher.Requirement> reqs = new ArrayList<>(LabelMatcher.ofMap(labelSet).requirements());
    for (ReplicaSet rs : listers.replicaSets(ns)) {
      addIfSelects(reqs, rs.getSpec() == null ? null : rs.getSpec().getSelector(), labels);
    }
    for (StatefulSet ss : listers.statefulSets(ns)) {
      addIfSelects(reqs, ss.getSpec() == null ? null : ss.getSpec().getSelector(), labels);
    }
    return reqs.isEmpty() ? LabelMatcher.EVERYTHING : LabelMatcher.EVERYTHING.and(reqs);
  }

  private static void addIfSelects(List<LabelMatcher.Requirement> reqs, io.fabric8.kubernetes.api.model.LabelSelector selector,
      Map<String, String> labels) {
    if (selector == null) {
      return;
    }
    try {
      LabelMatcher m = LabelMatcher.of(selector);
      if (!m.isEverything() && m.matches(labels)) {
        reqs.addAll(m.requirements());
      }
    } catch (IllegalArgumentException e) {
      // An invalid selector selects nothing.
    }
  }
}
