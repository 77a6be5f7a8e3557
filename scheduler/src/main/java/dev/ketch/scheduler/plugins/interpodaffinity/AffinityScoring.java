package dev.ketch.scheduler.plugins.interpodaffinity;

import dev.ketch.scheduler.framework.AffinityTerm;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.ScorePlugin;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InterPodAffinity's scoring: for every existing pod, the incoming pod's preferred terms that
 * select it (+weight for affinity, −weight for anti-affinity), and its own terms that select the
 * incoming pod (required affinity with the hard weight, preferred ones with theirs), are added to
 * the domain of the existing pod's node; a node scores the sum over its domains.
 */
final class AffinityScoring {

  private static final StateKey<DomainScores> KEY = new StateKey<>(InterPodAffinity.NAME + "/preScore", DomainScores.class);

  /** Score per topology key and value. */
  record DomainScores(Map<String, Map<String, Long>> scores) implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  private final InterPodAffinityArgs args;
  private final Handle handle;

  AffinityScoring(InterPodAffinityArgs args, Handle handle) {
    this.args = args;
    this.handle = handle;
  }

  Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    if (pod.affinityError() != null) {
      return Status.error(pod.affinityError());
    }
    boolean hasPreferred = !pod.preferredAffinityTerms().isEmpty() || !pod.preferredAntiAffinityTerms().isEmpty();
    if (!hasPreferred && args.ignorePreferredTermsOfExistingPods()) {
      return Status.skip();
    }
    List<NodeInfo> nodes = hasPreferred ? handle.snapshot().nodes() : handle.snapshot().nodesWithAffinityPods();
    if (nodes.isEmpty()) {
      return Status.skip();
    }
    Map<String, String> podNamespaceLabels = handle.listers().namespaceLabels(pod.namespace());
    Map<String, Map<String, String>> nsCache = new HashMap<>();
    Map<String, Map<String, Long>> scores = new HashMap<>();
    for (NodeInfo node : nodes) {
      Map<String, String> labels = node.labels();
      for (PodInfo existing : hasPreferred ? node.pods() : node.podsWithAffinity()) {
        Map<String, String> existingNs = nsCache.computeIfAbsent(existing.namespace(), ns -> handle.listers().namespaceLabels(ns));
        for (AffinityTerm.Weighted w : pod.preferredAffinityTerms()) {
          if (w.term().matches(existing, existingNs)) {
            add(scores, w.term(), labels, w.weight());
          }
        }
        for (AffinityTerm.Weighted w : pod.preferredAntiAffinityTerms()) {
          if (w.term().matches(existing, existingNs)) {
            add(scores, w.term(), labels, -w.weight());
          }
        }
        if (args.hardPodAffinityWeight() > 0) {
          for (AffinityTerm t : existing.requiredAffinityTerms()) {
            if (t.matches(pod, podNamespaceLabels)) {
              add(scores, t, labels, args.hardPodAffinityWeight());
            }
          }
        }
        if (!args.ignorePreferredTermsOfExistingPods()) {
          for (AffinityTerm.Weighted w : existing.preferredAffinityTerms()) {
            if (w.term().matches(pod, podNamespaceLabels)) {
              add(scores, w.term(), labels, w.weight());
            }
          }
          for (AffinityTerm.Weighted w : existing.preferredAntiAffinityTerms()) {
            if (w.term().matches(pod, podNamespaceLabels)) {
              add(scores, w.term(), labels, -w.weight());
            }
          }
        }
      }
    }
    if (scores.isEmpty()) {
      return Status.skip();
    }
    state.write(KEY, new DomainScores(scores));
    return Status.success();
  }

  private static void add(Map<String, Map<String, Long>> scores, AffinityTerm t, Map<String, String> nodeLabels, long weight) {
    String value = nodeLabels.get(t.topologyKey());
    if (value != null) {
      scores.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(value, weight, Long::sum);
    }
  }

  long score(CycleState state, NodeInfo node) {
    long sum = 0;
    Map<String, String> labels = node.labels();
    for (Map.Entry<String, Map<String, Long>> e : state.require(KEY).scores().entrySet()) {
      String value = labels.get(e.getKey());
      if (value != null) {
        sum += e.getValue().getOrDefault(value, 0L);
      }
    }
    return sum;
  }

  /** Min–max scaling to 0–100; all 0 when every node scored the same. */
  static void normalize(long[] scores) {
    if (scores.length == 0) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    long diff = max - min;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? (long) (ScorePlugin.MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
    }
  }
}
