package dev.ketch.scheduler.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the scheduler counts and times, after kube-scheduler's metrics: attempts by result,
 * the scheduling algorithm's duration per attempt, binding duration, and the end-to-end time from a
 * pod's first entry into the queue to its successful binding. Thread-safe.
 */
public final class SchedulerMetrics {

  /** Pods bound. */
  public final LongAdder scheduled = new LongAdder();
  /** Attempts that found no node. */
  public final LongAdder unschedulable = new LongAdder();
  /** Attempts that failed with an error (including failed bindings). */
  public final LongAdder errors = new LongAdder();
  /** Preemptions that nominated a node. */
  public final LongAdder preemptions = new LongAdder();
  /** Nodes evaluated by filters, summed over attempts. */
  public final LongAdder nodesEvaluated = new LongAdder();
  /** Snapshot update, PreFilter, Filter, Score and selection of one attempt. */
  public final LatencyHistogram algorithm = new LatencyHistogram();
  /** Permit wait and Bind of one pod (the API call). */
  public final LatencyHistogram binding = new LatencyHistogram();
  /** From the pod's first entry into the queue until it was bound. */
  public final LatencyHistogram podE2e = new LatencyHistogram();

  /** Forgets everything, to measure one phase of a benchmark. */
  public void reset() {
    scheduled.reset();
    unschedulable.reset();
    errors.reset();
    preemptions.reset();
    nodesEvaluated.reset();
    algorithm.reset();
    binding.reset();
    podE2e.reset();
  }
}
