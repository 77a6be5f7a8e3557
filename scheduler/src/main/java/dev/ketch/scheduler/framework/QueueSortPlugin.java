package dev.ketch.scheduler.framework;

/** Orders the active queue. Exactly one per profile, and the same one in every profile. */
public interface QueueSortPlugin extends Plugin {

  /** Whether {@code a} should be scheduled before {@code b}. Called under the queue's lock: no I/O. */
  boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
