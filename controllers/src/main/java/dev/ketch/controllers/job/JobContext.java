package dev.ketch.controllers.job;

import dev.ketch.controllers.framework.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What one sync of a Job works with (upstream's syncJobCtx). Used by one thread. */
final class JobContext {

  final ObjectKey key;
  Job job;
  final List<Pod> pods;
  final List<Pod> activePods;
  int ready;
  int terminating;
  int succeeded;
  int failed;
  final Set<String> uncountedSucceeded;
  final Set<String> uncountedFailed;
  final Set<String> expectedRemovals;
  Intervals previousSucceededIndexes = Intervals.EMPTY;
  Intervals succeededIndexes = Intervals.EMPTY;
  JobBackoff.Record backoff;
  /** The condition the Job is heading for: FailureTarget, Failed, SuccessCriteriaMet or Complete. */
  JobCondition finishedCondition;
  /** When to look at the Job again (deadline, back-off), or null. */
  Duration requeueAfter;

  JobContext(ObjectKey key, Job job, List<Pod> pods, List<Pod> activePods, Set<String> uncountedSucceeded,
      Set<String> uncountedFailed, Set<String> expectedRemovals) {
    this.key = key;
    this.job = job;
    this.pods = pods;
    this.activePods = activePods;
    this.uncountedSucceeded = uncountedSucceeded;
    this.uncountedFailed = uncountedFailed;
    this.expectedRemovals = expectedRemovals;
  }

  void requeueAfter(Duration d) {
    if (d.isNegative() || d.isZero()) {
      d = Duration.ofMillis(1);
    }
    if (requeueAfter == null || d.compareTo(requeueAfter) < 0) {
      requeueAfter = d;
    }
  }
}
