package dev.ketch.controllers.job;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Counts a Job's finished pods without losing or repeating any (upstream's
 * trackJobStatusAndRemoveFinalizers): a finished pod still holding the tracking finalizer is first
 * written into {@code status.uncountedTerminatedPods}, then its finalizer is removed, then it moves
 * from there into {@code succeeded} or {@code failed} (for Indexed Jobs into {@code
 * completedIndexes}). Then, once nothing is uncounted and no pod is terminating, the interim
 * FailureTarget or SuccessCriteriaMet condition becomes Failed or Complete.
 */
final class JobTracking {

  /** Upstream's MaxUncountedPods: how many pods one sync moves through the status. */
  static final int MAX_UNCOUNTED = 500;

  private final ResourceClient<Job> jobs;
  private final ResourceClient<Pod> pods;
  private final EventRecorder recorder;
  private final Clock clock;
  private final FinalizerExpectations finalizerExpectations;
  private final JobBackoff backoff;

  JobTracking(ResourceClient<Job> jobs, ResourceClient<Pod> pods, EventRecorder recorder, Clock clock,
      FinalizerExpectations finalizerExpectations, JobBackoff backoff) {
    this.jobs = jobs;
    this.pods = pods;
    this.recorder = recorder;
    this.clock = clock;
    this.finalizerExpectations = finalizerExpectations;
    this.backoff = backoff;
  }

  void trackAndRemoveFinalizers(JobContext ctx, boolean needsFlush) {
    Job job = ctx.job;
    boolean indexed = JobPods.isIndexed(job);
    List<Pod> ordered = new ArrayList<>(ctx.pods);
    if (indexed) {
      ordered.sort(Comparator.comparingInt(JobPods::completionIndex));
    }
    Set<String> withFinalizer = new HashSet<>();
    for (Pod p : ordered) {
      if (JobPods.hasTrackingFinalizer(p) && !ctx.expectedRemovals.contains(p.getMetadata().getUid())) {
        withFinalizer.add(p.getMetadata().getUid());
      }
    }
    if (countUncountedWithoutFinalizer(job.getStatus(), withFinalizer)) {
      needsFlush = true;
    }
    var uncounted = job.getStatus().getUncountedTerminatedPods();
    List<String> uncountedSucceeded = new ArrayList<>(uncounted.getSucceeded() == null ? List.of() : uncounted.getSucceeded());
    List<String> uncountedFailed = new ArrayList<>(uncounted.getFailed() == null ? List.of() : uncounted.getFailed());
    List<Pod> toRemoveFinalizer = new ArrayList<>();
    List<Integer> newSucceededIndexes = new ArrayList<>();
    boolean reachedMax = false;
    for (Pod p : ordered) {
      String uid = p.getMetadata().getUid();
      if (!JobPods.hasTrackingFinalizer(p) || ctx.expectedRemovals.contains(uid)) {
        continue;
      }
      boolean failed = JobPods.isFailed(p, job);
      if (!canRemoveFinalizer(ctx, p, failed)) {
        continue;
      }
      toRemoveFinalizer.add(p);
      if (Pods.SUCCEEDED.equals(Pods.phase(p)) && !ctx.uncountedFailed.contains(uid)) {
        if (indexed) {
          int ix = JobPods.completionIndex(p);
          if (ix != JobPods.UNKNOWN_INDEX && ix < job.getSpec().getCompletions() && !ctx.previousSucceededIndexes.has(ix)) {
            newSucceededIndexes.add(ix);
            needsFlush = true;
          }
        } else if (!ctx.uncountedSucceeded.contains(uid)) {
          uncountedSucceeded.add(uid);
          needsFlush = true;
        }
      } else if (failed || (ctx.finishedCondition != null && !isSuccess(ctx.finishedCondition))) {
        // Once the Job is failing, every pod that has not succeeded counts as failed.
        int ix = JobPods.completionIndex(p);
        if (!ctx.uncountedFailed.contains(uid) && (!indexed || (ix != JobPods.UNKNOWN_INDEX && ix < job.getSpec().getCompletions()))) {
          uncountedFailed.add(uid);
          needsFlush = true;
        }
      }
      if (newSucceededIndexes.size() + uncountedSucceeded.size() + uncountedFailed.size() >= MAX_UNCOUNTED) {
        reachedMax = true;
        break;
      }
    }
    uncounted.setSucceeded(uncountedSucceeded);
    uncounted.setFailed(uncountedFailed);
    if (indexed) {
      ctx.succeededIndexes = ctx.succeededIndexes.with(newSucceededIndexes);
      String completed = ctx.succeededIndexes.toString();
      if (!completed.equals(Objects.requireNonNullElse(job.getStatus().getCompletedIndexes(), ""))) {
        needsFlush = true;
      }
      job.getStatus().setSucceeded(ctx.succeededIndexes.total());
      job.getStatus().setCompletedIndexes(completed);
    }
    JobCondition finished = ctx.finishedCondition;
    if (finished != null && JobConditions.FAILURE_TARGET.equals(finished.getType())) {
      List<JobCondition> conditions = new ArrayList<>(conditions(job));
      conditions.add(finished);
      job.getStatus().setConditions(conditions);
      needsFlush = true;
      ctx.finishedCondition = JobConditions.of(JobConditions.FAILED, "True", finished.getReason(), finished.getMessage(), clock.now());
    } else if (finished != null && isSuccess(finished)) {
      if (!JobConditions.isTrue(job, JobConditions.SUCCESS_CRITERIA_MET)) {
        List<JobCondition> conditions = new ArrayList<>(conditions(job));
        conditions.add(finished);
        job.getStatus().setConditions(conditions);
        needsFlush = true;
      }
      ctx.finishedCondition = JobConditions.of(JobConditions.COMPLETE, "True", finished.getReason(), finished.getMessage(), clock.now());
    }
    RuntimeException removeFailure = null;
    if (needsFlush) {
      ctx.job = jobs.updateStatus(ctx.job);
      backoff.store(ctx.backoff);
      needsFlush = false;
    }
    if (!toRemoveFinalizer.isEmpty()) {
      List<String> uids = toRemoveFinalizer.stream().map(p -> p.getMetadata().getUid()).toList();
      finalizerExpectations.expectRemoved(ctx.key, uids);
      for (Pod p : toRemoveFinalizer) {
        try {
          removeFinalizer(p);
          withFinalizer.remove(p.getMetadata().getUid());
        } catch (KubernetesClientException e) {
          finalizerExpectations.removalObserved(ctx.key, p.getMetadata().getUid());
          removeFailure = removeFailure == null ? e : removeFailure;
        }
      }
    }
    if (countUncountedWithoutFinalizer(ctx.job.getStatus(), withFinalizer)) {
      needsFlush = true;
    }
    if (removeFailure != null) {
      if (needsFlush) {
        ctx.job = jobs.updateStatus(ctx.job);
      }
      throw removeFailure;
    }
    boolean finishedNow = !reachedMax && enactFinished(ctx);
    if (finishedNow || needsFlush) {
      ctx.job = jobs.updateStatus(ctx.job);
      if (finishedNow) {
        recordFinished(ctx.job, ctx.finishedCondition);
      }
    }
  }

  private static List<JobCondition> conditions(Job job) {
    return job.getStatus().getConditions() == null ? List.of() : job.getStatus().getConditions();
  }

  private static boolean isSuccess(JobCondition c) {
    return JobConditions.SUCCESS_CRITERIA_MET.equals(c.getType());
  }

  /** A finished pod's finalizer may go once it is counted: the Job is ending, the pod succeeded, or it failed. */
  private static boolean canRemoveFinalizer(JobContext ctx, Pod p, boolean failed) {
    return ctx.job.getMetadata().getDeletionTimestamp() != null || ctx.finishedCondition != null
        || Pods.SUCCEEDED.equals(Pods.phase(p)) || failed;
  }

  private void removeFinalizer(Pod p) {
    String uid = p.getMetadata().getUid();
    try {
      pods.edit(p.getMetadata().getNamespace(), p.getMetadata().getName(), fresh -> {
        if (!Objects.equals(fresh.getMetadata().getUid(), uid) || fresh.getMetadata().getFinalizers() == null
            || !fresh.getMetadata().getFinalizers().contains(JobPods.TRACKING_FINALIZER)) {
          return null;
        }
        List<String> finalizers = new ArrayList<>(fresh.getMetadata().getFinalizers());
        finalizers.remove(JobPods.TRACKING_FINALIZER);
        fresh.getMetadata().setFinalizers(finalizers);
        return fresh;
      });
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /**
   * Moves the uncounted pods whose finalizer is gone into the counters (cleanUncountedPodsWithoutFinalizers).
   *
   * @return whether the status changed
   */
  private static boolean countUncountedWithoutFinalizer(JobStatus status, Set<String> withFinalizer) {
    if (status.getUncountedTerminatedPods() == null) {
      status.setUncountedTerminatedPods(new io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods(new ArrayList<>(), new ArrayList<>()));
    }
    var uncounted = status.getUncountedTerminatedPods();
    boolean changed = false;
    List<String> succeeded = uncounted.getSucceeded() == null ? List.of() : uncounted.getSucceeded();
    List<String> keepSucceeded = succeeded.stream().filter(withFinalizer::contains).toList();
    if (keepSucceeded.size() != succeeded.size()) {
      status.setSucceeded((status.getSucceeded() == null ? 0 : status.getSucceeded()) + succeeded.size() - keepSucceeded.size());
      uncounted.setSucceeded(new ArrayList<>(keepSucceeded));
      changed = true;
    }
    List<String> failed = uncounted.getFailed() == null ? List.of() : uncounted.getFailed();
    List<String> keepFailed = failed.stream().filter(withFinalizer::contains).toList();
    if (keepFailed.size() != failed.size()) {
      status.setFailed((status.getFailed() == null ? 0 : status.getFailed()) + failed.size() - keepFailed.size());
      uncounted.setFailed(new ArrayList<>(keepFailed));
      changed = true;
    }
    return changed;
  }

  /** Sets Complete or Failed once nothing is left uncounted or terminating (enactJobFinished). */
  private boolean enactFinished(JobContext ctx) {
    JobCondition finished = ctx.finishedCondition;
    if (finished == null) {
      return false;
    }
    var uncounted = ctx.job.getStatus().getUncountedTerminatedPods();
    if (uncounted != null && (!nullSafe(uncounted.getSucceeded()).isEmpty() || !nullSafe(uncounted.getFailed()).isEmpty())) {
      return false;
    }
    if (ctx.terminating > 0) {
      return false;
    }
    JobConditions.ensure(ctx.job, finished.getType(), finished.getStatus(), finished.getReason(), finished.getMessage(), clock.now());
    if (JobConditions.COMPLETE.equals(finished.getType())) {
      ctx.job.getStatus().setCompletionTime(Timestamps.format(clock.now()));
    }
    return true;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private void recordFinished(Job job, JobCondition finished) {
    if (JobConditions.COMPLETE.equals(finished.getType())) {
      Integer completions = job.getSpec().getCompletions();
      if (completions != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > completions) {
        recorder.event(job, EventType.WARNING, "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
      }
      recorder.event(job, EventType.NORMAL, "Completed", "Job completed");
    } else {
      recorder.event(job, EventType.WARNING, finished.getReason(), finished.getMessage());
    }
  }
}
