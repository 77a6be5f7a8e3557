package dev.ketch.scheduler.framework;

import java.util.List;

/**
 * Runs once per scheduling cycle before any Filter: computes what Filter needs (written to the
 * {@link CycleState}) or rejects the pod outright.
 */
public interface PreFilterPlugin extends Plugin {

  /**
   * Pre-computes for {@code pod} over all {@code nodes} of the snapshot.
   *
   * @return success, {@link Status#skip()} when this plugin's Filter has nothing to check, or a
   *     rejection (the message becomes the pod's failure reason for all nodes)
   */
  PreFilterResult preFilter(CycleState state, PodInfo pod, List<NodeInfo> nodes);

  /**
   * How this plugin's pre-computed state changes when a pod is added to or removed from a node, so
   * that preemption and nominated pods can be simulated; null when the state does not depend on
   * other pods.
   */
  default PreFilterExtensions extensions() {
    return null;
  }
}
