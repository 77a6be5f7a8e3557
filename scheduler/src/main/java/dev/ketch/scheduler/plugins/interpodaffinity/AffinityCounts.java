package dev.ketch.scheduler.plugins.interpodaffinity;

import dev.ketch.scheduler.framework.AffinityTerm;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.StateData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InterPodAffinity's PreFilter state: per topology domain, how many existing pods have a required
 * anti-affinity term against the incoming pod, how many match all of its required affinity terms,
 * and how many match one of its required anti-affinity terms. Updated in place when preemption or
 * nomination simulates adding or removing a pod (on a copy).
 */
final class AffinityCounts implements StateData {

  final PodInfo pod;
  final Map<String, String> namespaceLabels;
  final Map<TopologyPair, Integer> existingAntiAffinity;
  final Map<TopologyPair, Integer> affinity;
  final Map<TopologyPair, Integer> antiAffinity;

  AffinityCounts(PodInfo pod, Map<String, String> namespaceLabels) {
    this(pod, namespaceLabels, new HashMap<>(), new HashMap<>(), new HashMap<>());
  }

  private AffinityCounts(PodInfo pod, Map<String, String> nsLabels, Map<TopologyPair, Integer> existing,
      Map<TopologyPair, Integer> affinity, Map<TopologyPair, Integer> anti) {
    this.pod = pod;
    this.namespaceLabels = nsLabels;
    this.existingAntiAffinity = existing;
    this.affinity = affinity;
    this.antiAffinity = anti;
  }

  @Override
  public AffinityCounts copy() {
    return new AffinityCounts(pod, namespaceLabels, new HashMap<>(existingAntiAffinity), new HashMap<>(affinity), new HashMap<>(antiAffinity));
  }

  /** Counts {@code existing} on {@code node} with {@code delta} (+1 added, −1 removed). */
  void update(PodInfo existing, Map<String, String> existingNamespaceLabels, NodeInfo node, int delta) {
    Map<String, String> labels = node.labels();
    for (AffinityTerm t : existing.requiredAntiAffinityTerms()) {
      if (t.matches(pod, namespaceLabels)) {
        add(existingAntiAffinity, t, labels, delta);
      }
    }
    List<AffinityTerm> aff = pod.requiredAffinityTerms();
    if (!aff.isEmpty() && matchesAll(aff, existing, existingNamespaceLabels)) {
      for (AffinityTerm t : aff) {
        add(affinity, t, labels, delta);
      }
    }
    for (AffinityTerm t : pod.requiredAntiAffinityTerms()) {
      if (t.matches(existing, existingNamespaceLabels)) {
        add(antiAffinity, t, labels, delta);
      }
    }
  }

  static boolean matchesAll(List<AffinityTerm> terms, PodInfo p, Map<String, String> nsLabels) {
    for (AffinityTerm t : terms) {
      if (!t.matches(p, nsLabels)) {
        return false;
      }
    }
    return true;
  }

  private static void add(Map<TopologyPair, Integer> counts, AffinityTerm t, Map<String, String> nodeLabels, int delta) {
    String value = nodeLabels.get(t.topologyKey());
    if (value != null) {
      TopologyPair pair = new TopologyPair(t.topologyKey(), value);
      int n = counts.getOrDefault(pair, 0) + delta;
      if (n == 0) {
        counts.remove(pair);
      } else {
        counts.put(pair, n);
      }
    }
  }
}
