package dev.ketch.scheduler.framework;

/**
 * Decides whether a pod can run on a node. Called for many nodes at once from worker threads: it
 * may read the cycle state and the node, but must change nothing shared.
 */
public interface FilterPlugin extends Plugin {

  /**
   * @return success, or {@link Status.Code#UNSCHEDULABLE} / {@link Status.Code#UNSCHEDULABLE_AND_UNRESOLVABLE}
   *     with the reasons shown to users ("node(s) had untolerated taint {…}")
   */
  Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
