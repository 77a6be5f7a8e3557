package dev.ketch.scheduler.plugins.nodeunschedulable;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.labels.Taints;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.List;

/**
 * Turns pods away from cordoned nodes ({@code spec.unschedulable}), unless they tolerate the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint.
 */
public final class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {

  public static final String NAME = "NodeUnschedulable";
  public static final String REASON = "node(s) were unschedulable";
  private static final Taint UNSCHEDULABLE =
      new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect(Taints.NO_SCHEDULE).build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    if (!unschedulable(node.node())) {
      return Status.success();
    }
    if (Taints.toleratedBy(UNSCHEDULABLE, pod.pod().getSpec().getTolerations())) {
      return Status.success();
    }
    return Status.unresolvable(REASON);
  }

  private static boolean unschedulable(Node node) {
    return node != null && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD | ClusterEvent.UPDATE_NODE_TAINT,
        (pod, oldObj, newObj) -> newObj instanceof Node n && !unschedulable(n)));
  }
}
