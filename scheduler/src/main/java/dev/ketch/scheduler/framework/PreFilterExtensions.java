package dev.ketch.scheduler.framework;

/**
 * Incremental updates of a PreFilter plugin's state, called on a copy of the cycle state while the
 * framework simulates pods added (nominated pods) or removed (preemption victims) on a copy of a
 * node.
 */
public interface PreFilterExtensions {

  /** {@code added} now runs on {@code node} (whose copy already contains it). */
  Status addPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node);

  /** {@code removed} no longer runs on {@code node} (whose copy no longer contains it). */
  Status removePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node);
}
