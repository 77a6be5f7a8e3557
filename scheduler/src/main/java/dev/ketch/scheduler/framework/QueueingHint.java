package dev.ketch.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides, for one pod a plugin rejected, whether a concrete event may make it schedulable. Called
 * under the queue's lock from informer threads: cheap and side-effect free.
 */
@FunctionalInterface
public interface QueueingHint {

  /**
   * @param pod the waiting pod
   * @param oldObj the object before the change, null for an add
   * @param newObj the object after the change, null for a delete
   * @return true to retry the pod, false to leave it waiting
   */
  boolean shouldQueue(Pod pod, Object oldObj, Object newObj);
}
