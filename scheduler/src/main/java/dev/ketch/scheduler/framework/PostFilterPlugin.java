package dev.ketch.scheduler.framework;

/** Runs when no node passed the filters, to make one pass later (preemption). */
public interface PostFilterPlugin extends Plugin {

  /**
   * @param statuses why each node was rejected
   * @return success with a nominated node when room is being made for the pod; otherwise a status
   *     whose message is added to the pod's failure message
   */
  PostFilterResult postFilter(CycleState state, PodInfo pod, NodeToStatus statuses);
}
