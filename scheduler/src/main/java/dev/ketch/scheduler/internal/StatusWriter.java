package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.framework.PodInfo;

/** Writes a pending pod's PodScheduled=False condition; asynchronous and best-effort. */
@FunctionalInterface
interface StatusWriter {

  /**
   * @param reason Unschedulable or SchedulerError
   * @param nominatedNodeName the nomination to set ("" clears it), or null to leave it
   */
  void unschedulable(PodInfo pod, String reason, String message, String nominatedNodeName);
}
