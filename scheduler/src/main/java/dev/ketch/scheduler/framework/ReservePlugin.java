package dev.ketch.scheduler.framework;

/**
 * Told when a pod is assumed on a node (before binding) and when that is undone, so plugins that
 * keep their own accounting stay in step with the scheduler cache. Called from the scheduling
 * thread (reserve) and from binding threads (unreserve).
 */
public interface ReservePlugin extends Plugin {

  /** @return success, or a rejection that sends the pod back to the queue (unreserve then runs) */
  Status reserve(CycleState state, PodInfo pod, String nodeName);

  /** Undoes {@link #reserve}; idempotent, and called even if this plugin's reserve did not run. */
  void unreserve(CycleState state, PodInfo pod, String nodeName);
}
