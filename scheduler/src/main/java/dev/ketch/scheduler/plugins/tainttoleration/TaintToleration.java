package dev.ketch.scheduler.plugins.tainttoleration;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreScorePlugin;
import dev.ketch.scheduler.framework.ScoreNormalizer;
import dev.ketch.scheduler.framework.StateData;
import dev.ketch.scheduler.framework.StateKey;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.labels.Taints;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Filter: a node with a NoSchedule or NoExecute taint the pod does not tolerate is out. Score:
 * the fewer PreferNoSchedule taints a node has that the pod does not tolerate, the better.
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScoreNormalizer, EnqueueExtensions {

  public static final String NAME = "TaintToleration";
  private static final StateKey<PreferTolerations> KEY = new StateKey<>(NAME + "/preScore", PreferTolerations.class);

  /** The pod's tolerations that matter for PreferNoSchedule taints. */
  record PreferTolerations(List<Toleration> tolerations) implements StateData {
    @Override
    public StateData copy() {
      return this;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    Optional<Taint> untolerated = Taints.firstUntolerated(node.taints(), pod.pod().getSpec().getTolerations(), Taints::blocksScheduling);
    return untolerated.map(t -> Status.unresolvable(reason(t))).orElse(Status.success());
  }

  /** Upstream's wording: {@code node(s) had untolerated taint {key: value}}. */
  public static String reason(Taint t) {
    return "node(s) had untolerated taint {" + t.getKey() + ": " + (t.getValue() == null ? "" : t.getValue()) + "}";
  }

  @Override
  public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
    List<Toleration> prefer = new ArrayList<>();
    List<Toleration> all = pod.pod().getSpec().getTolerations();
    if (all != null) {
      for (Toleration t : all) {
        if (t.getEffect() == null || t.getEffect().isEmpty() || Taints.PREFER_NO_SCHEDULE.equals(t.getEffect())) {
          prefer.add(t);
        }
      }
    }
    state.write(KEY, new PreferTolerations(prefer));
    return Status.success();
  }

  @Override
  public long score(CycleState state, PodInfo pod, NodeInfo node) {
    List<Toleration> tolerations = state.require(KEY).tolerations();
    long count = 0;
    for (Taint t : node.taints()) {
      if (Taints.PREFER_NO_SCHEDULE.equals(t.getEffect()) && !Taints.toleratedBy(t, tolerations)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    ScoreNormalizer.defaultNormalize(scores, true);
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD | ClusterEvent.UPDATE_NODE_TAINT,
        (pod, oldObj, newObj) -> newObj instanceof Node n && Taints.firstUntolerated(
            n.getSpec() == null ? null : n.getSpec().getTaints(), pod.getSpec().getTolerations(), Taints::blocksScheduling).isEmpty()),
        ClusterEventWithHint.of(ClusterEvent.Resource.POD, ClusterEvent.UPDATE_POD_TOLERATION));
  }
}
