package dev.ketch.scheduler.framework;

/**
 * The parts of a profile's framework that plugins may run themselves: preemption re-runs the
 * filters on copies of nodes with pods removed. Safe to call from several threads on distinct
 * copies.
 */
public interface FilterRunner {

  /**
   * Runs every enabled Filter on {@code node}, counting the pods nominated to it that are at least
   * as important as {@code pod} (twice, with and without them, as upstream does).
   */
  Status runFilterWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node);

  /** Tells every PreFilter extension that {@code added} now runs on {@code node}. */
  Status runPreFilterAddPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node);

  /** Tells every PreFilter extension that {@code removed} no longer runs on {@code node}. */
  Status runPreFilterRemovePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node);
}
