package dev.ketch.scheduler.plugins.podtopologyspread;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.ScorePlugin;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.labels.RequiredNodeAffinity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PodTopologySpread's scoring, as upstream: a node's raw score is, over the ScheduleAnyway
 * constraints, the matching pods in its domain times log(domains + 2) plus maxSkew − 1; normalized
 * so that the fewest matching pods score 100. Nodes lacking a topology key score 0 (system default
 * constraints only need the keys a node has).
 */
final class SpreadScoring {

  private static final String HOSTNAME = "kubernetes.io/hostname";
  private static final StateKey<State> KEY = new StateKey<>(PodTopologySpread.NAME + "/preScore", State.class);

  record State(List<SpreadConstraint> constraints, List<Map<String, Long>> perDomain, double[] weights, Set<String> ignored)
      implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  private final PodTopologySpreadArgs args;
  private final Handle handle;

  SpreadScoring(PodTopologySpreadArgs args, Handle handle) {
    this.args = args;
    this.handle = handle;
  }

  Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    List<NodeInfo> all = handle.snapshot().nodes();
    if (all.isEmpty()) {
      return Status.skip();
    }
    List<SpreadConstraint> constraints;
    RequiredNodeAffinity required;
    try {
      constraints = Constraints.of(pod.pod(), SpreadConstraint.SCHEDULE_ANYWAY, args, handle.listers());
      required = RequiredNodeAffinity.of(pod.pod());
    } catch (IllegalArgumentException e) {
      return Status.error(e.getMessage());
    }
    if (constraints.isEmpty()) {
      return Status.skip();
    }
    boolean requireAll = Constraints.declared(pod.pod()) || !args.systemDefaulting();
    Set<String> ignored = new HashSet<>();
    List<Map<String, Long>> perDomain = new ArrayList<>();
    constraints.forEach(c -> perDomain.add(new HashMap<>()));
    int[] domains = new int[constraints.size()];
    for (NodeInfo node : feasibleNodes) {
      Map<String, String> labels = node.labels();
      if (requireAll && !SpreadConstraint.nodeHasAllKeys(labels, constraints)) {
        ignored.add(node.name());
        continue;
      }
      for (int i = 0; i < constraints.size(); i++) {
        SpreadConstraint c = constraints.get(i);
        String v = labels.get(c.topologyKey());
        if (!c.topologyKey().equals(HOSTNAME) && v != null && perDomain.get(i).putIfAbsent(v, 0L) == null) {
          domains[i]++;
        }
      }
    }
    double[] weights = new double[constraints.size()];
    for (int i = 0; i < constraints.size(); i++) {
      int size = constraints.get(i).topologyKey().equals(HOSTNAME) ? feasibleNodes.size() - ignored.size() : domains[i];
      weights[i] = Math.log(size + 2);
    }
    String ns = pod.namespace();
    for (NodeInfo node : all) {
      Map<String, String> labels = node.labels();
      if (requireAll && !SpreadConstraint.nodeHasAllKeys(labels, constraints)) {
        continue;
      }
      for (int i = 0; i < constraints.size(); i++) {
        SpreadConstraint c = constraints.get(i);
        if (c.topologyKey().equals(HOSTNAME) || !c.includes(pod.pod(), node, required)) {
          continue;
        }
        String v = labels.get(c.topologyKey());
        Long current = v == null ? null : perDomain.get(i).get(v);
        if (current != null) {
          perDomain.get(i).put(v, current + c.countMatching(node, ns));
        }
      }
    }
    state.write(KEY, new State(constraints, perDomain, weights, ignored));
    return Status.success();
  }

  long score(CycleState state, PodInfo pod, NodeInfo node) {
    State s = state.require(KEY);
    if (s.ignored().contains(node.name())) {
      return 0;
    }
    Map<String, String> labels = node.labels();
    double score = 0;
    for (int i = 0; i < s.constraints().size(); i++) {
      SpreadConstraint c = s.constraints().get(i);
      String v = labels.get(c.topologyKey());
      if (v == null) {
        continue;
      }
      long count = c.topologyKey().equals(HOSTNAME) ? c.countMatching(node, pod.namespace()) : s.perDomain().get(i).getOrDefault(v, 0L);
      score += count * s.weights()[i] + (c.maxSkew() - 1);
    }
    return Math.round(score);
  }

  void normalize(CycleState state, List<NodeInfo> nodes, long[] scores) {
    State s = state.read(KEY);
    if (s == null) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < scores.length; i++) {
      if (s.ignored().contains(nodes.get(i).name())) {
        continue;
      }
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    for (int i = 0; i < scores.length; i++) {
      if (s.ignored().contains(nodes.get(i).name())) {
        scores[i] = 0;
      } else if (max == 0) {
        scores[i] = ScorePlugin.MAX_NODE_SCORE;
      } else {
        scores[i] = ScorePlugin.MAX_NODE_SCORE * (max + min - scores[i]) / max;
      }
    }
  }
}
