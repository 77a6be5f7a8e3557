package dev.ketch.scheduler.plugins.podtopologyspread;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.Handle;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreFilterExtensions;
import dev.ketch.scheduler.framework.PreFilterPlugin;
import dev.ketch.scheduler.framework.PreFilterResult;
import dev.ketch.scheduler.framework.PreScorePlugin;
import dev.ketch.scheduler.framework.ScoreNormalizer;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.labels.RequiredNodeAffinity;
import java.util.List;
import java.util.Map;

/**
 * The PodTopologySpread plugin. Filter (DoNotSchedule constraints): placing the pod in the node's
 * domain must not make that domain's matching pods exceed the global minimum by more than maxSkew
 * (the minimum counts as 0 with fewer than minDomains domains); nodes without the topology label
 * are unresolvable. Score (ScheduleAnyway constraints, and the default spreading of a Service's or
 * controller's pods over nodes and zones): fewer matching pods in the node's domains scores
 * higher. Node inclusion policies decide which nodes' pods count.
 */
public final class PodTopologySpread implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScoreNormalizer,
    EnqueueExtensions {

  public static final String NAME = "PodTopologySpread";
  public static final String REASON = "node(s) didn't match pod topology spread constraints";
  public static final String MISSING_LABEL_REASON = REASON + " (missing required label)";
  private static final StateKey<SpreadCounts> PRE_FILTER = new StateKey<>(NAME + "/preFilter", SpreadCounts.class);

  private final PodTopologySpreadArgs args;
  private final Handle handle;
  private final SpreadScoring scoring;

  public PodTopologySpread(PodTopologySpreadArgs args, Handle handle) {
    this.args = args;
    this.handle = handle;
    this.scoring = new SpreadScoring(args, handle);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    List<SpreadConstraint> constraints;
    RequiredNodeAffinity required;
    try {
      constraints = Constraints.of(pod.pod(), SpreadConstraint.DO_NOT_SCHEDULE, args, handle.listers());
      required = RequiredNodeAffinity.of(pod.pod());
    } catch (IllegalArgumentException e) {
      return PreFilterResult.of(Status.unresolvable(e.getMessage()));
    }
    if (constraints.isEmpty()) {
      return PreFilterResult.of(Status.skip());
    }
    SpreadCounts counts = new SpreadCounts(constraints, required);
    counts.count(pod.pod(), nodes);
    state.write(PRE_FILTER, counts);
    return PreFilterResult.of(Status.success());
  }

  @Override
  public PreFilterExtensions extensions() {
    return this;
  }

  @Override
  public Status addPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node) {
    SpreadCounts counts = state.read(PRE_FILTER);
    if (counts != null) {
      counts.update(podToSchedule.pod(), added, node, 1);
    }
    return Status.success();
  }

  @Override
  public Status removePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node) {
    SpreadCounts counts = state.read(PRE_FILTER);
    if (counts != null) {
      counts.update(podToSchedule.pod(), removed, node, -1);
    }
    return Status.success();
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    SpreadCounts counts = state.require(PRE_FILTER);
    Map<String, String> labels = node.labels();
    for (int i = 0; i < counts.constraints.size(); i++) {
      SpreadConstraint c = counts.constraints.get(i);
      String value = labels.get(c.topologyKey());
      if (value == null) {
        return Status.unresolvable(MISSING_LABEL_REASON);
      }
      int self = c.selector().matches(pod.labels()) ? 1 : 0;
      int skew = counts.perDomain.get(i).getOrDefault(value, 0) + self - counts.minMatch(i);
      if (skew > c.maxSkew()) {
        return Status.unschedulable(REASON);
      }
    }
    return Status.success();
  }

  @Override
  public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    return scoring.preScore(state, pod, feasibleNodes);
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    return scoring.score(state, pod, node);
  }

  @Override
  public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    scoring.normalize(state, nodes, scores);
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(
        ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD,
            ClusterEvent.ADD | ClusterEvent.DELETE | ClusterEvent.UPDATE_POD_LABEL),
        ClusterEventWithHint.of(ClusterEvent.Resource.NODE,
            ClusterEvent.ADD | ClusterEvent.DELETE | ClusterEvent.UPDATE_NODE_LABEL | ClusterEvent.UPDATE_NODE_TAINT));
  }
}
