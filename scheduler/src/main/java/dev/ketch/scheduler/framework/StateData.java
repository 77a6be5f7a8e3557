package dev.ketch.scheduler.framework;

/**
 * What a plugin keeps in the {@link CycleState} between extension points of one scheduling cycle.
 * Preemption simulates removing pods on many nodes at once, each on its own copy of the state.
 */
public interface StateData {

  /**
   * A copy that can be changed without affecting this one. Data that is never changed after it is
   * written may return itself.
   */
  StateData copy();
}
