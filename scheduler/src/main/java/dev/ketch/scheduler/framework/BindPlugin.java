package dev.ketch.scheduler.framework;

/**
 * Binds a pod to its node. Plugins are asked in order until one does not {@link Status#skip()
 * skip}. Runs on a binding thread, off the scheduling loop, and may block on the API.
 */
public interface BindPlugin extends Plugin {

  /** @return success once bound, skip when this plugin does not bind this pod, else an error */
  Status bind(CycleState state, PodInfo pod, String nodeName);
}
