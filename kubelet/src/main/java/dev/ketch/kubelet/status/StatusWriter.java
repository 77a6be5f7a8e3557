package dev.ketch.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/**
 * Where pod workers send what they found: the pod's status, and the final deletion of a pod whose
 * containers have stopped. {@link StatusManager} writes to the API. Thread-safe; never called for
 * one pod from two threads at once.
 */
public interface StatusWriter {

  /**
   * Writes the status if it changed.
   *
   * @return the pod as written (or unchanged), or null if the pod no longer exists
   */
  Pod write(Pod pod, PodStatus status);

  /** Removes the pod for good; true if it is gone. */
  boolean delete(Pod pod);

  /** Forgets what was remembered of the pod. */
  void forget(String uid);
}
