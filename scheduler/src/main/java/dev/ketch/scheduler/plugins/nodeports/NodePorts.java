package dev.ketch.scheduler.plugins.nodeports;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.EnqueueExtensions;
import dev.ketch.scheduler.framework.FilterPlugin;
import dev.ketch.scheduler.framework.HostPort;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PreFilterPlugin;
import dev.ketch.scheduler.framework.PreFilterResult;
import dev.ketch.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Keeps pods off nodes where a host port they ask for is taken: same protocol and port, and
 * either address is 0.0.0.0 or both are the same.
 */
public final class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

  public static final String NAME = "NodePorts";
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes) {
    return PreFilterResult.of(pod.hostPorts().isEmpty() ? Status.skip() : Status.success());
  }

  @Override
  public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
    for (HostPort p : pod.hostPorts()) {
      if (!node.portFree(p)) {
        return Status.unschedulable(REASON);
      }
    }
    return Status.success();
  }

  @Override
  public List<ClusterEventWithHint> eventsToRegister() {
    return List.of(
        ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.DELETE, NodePorts::freesAPort),
        ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD));
  }

  private static boolean freesAPort(Pod waiting, Object oldObj, Object newObj) {
    if (!(oldObj instanceof Pod deleted)) {
      return true;
    }
    List<HostPort> freed = HostPort.of(deleted);
    for (HostPort want : HostPort.of(waiting)) {
      for (HostPort f : freed) {
        if (f.conflictsWith(want)) {
          return true;
        }
      }
    }
    return false;
  }
}
