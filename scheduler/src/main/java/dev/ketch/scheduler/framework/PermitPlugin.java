package dev.ketch.scheduler.framework;

/**
 * The last word before binding: allow, reject or hold a pod (gang scheduling, quotas). A held pod
 * waits in its binding thread until a plugin {@link WaitingPod#allow allows} or
 * {@link WaitingPod#reject rejects} it through the {@link Handle}, or its timeout passes.
 */
public interface PermitPlugin extends Plugin {

  /** Called on the scheduling thread after Reserve. */
  PermitResult permit(CycleState state, PodInfo pod, String nodeName);
}
