package dev.ketch.controllers.job;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ControllerRefManager;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reconciles one Job (upstream's syncJob): counts its pods, decides whether it has failed (back-off
 * limit, including container restarts under restartPolicy OnFailure; active deadline) or
 * succeeded (completions, or any success without completions), lets {@link JobManager} create or
 * delete pods toward the parallelism, handles suspension, and hands the counting of finished pods
 * and the final condition to {@link JobTracking}.
 */
final class JobSync {

  /** The only value of spec.managedBy this controller acts on (absent means the same). */
  static final String MANAGED_BY = "kubernetes.io/job-controller";

  private final ObjectCache<Job> jobs;
  private final ObjectCache<Pod> pods;
  private final ResourceClient<Job> jobClient;
  private final ResourceClient<Pod> podClient;
  private final Expectations<ObjectKey> expectations;
  private final FinalizerExpectations finalizerExpectations;
  private final JobBackoff backoff;
  private final JobManager manager;
  private final JobTracking tracking;
  private final EventRecorder recorder;
  private final Clock clock;

  JobSync(Cluster cluster, EventRecorder recorder, Clock clock, Expectations<ObjectKey> expectations,
      FinalizerExpectations finalizerExpectations, JobControllerConfig config) {
    this.jobs = cluster.lister(Job.class);
    this.pods = cluster.lister(Pod.class);
    this.jobClient = cluster.client(Job.class);
    this.podClient = cluster.client(Pod.class);
    this.expectations = expectations;
    this.finalizerExpectations = finalizerExpectations;
    this.backoff = new JobBackoff();
    this.manager = new JobManager(podClient, recorder, clock, expectations, config);
    this.tracking = new JobTracking(jobClient, podClient, recorder, clock, finalizerExpectations, backoff);
    this.recorder = recorder;
    this.clock = clock;
  }

  Result sync(ObjectKey key) {
    Job cached = jobs.get(key.namespace(), key.name());
    if (cached == null) {
      expectations.forget(key);
      finalizerExpectations.forget(key);
      backoff.remove(key);
      return Result.done();
    }
    if (cached.getSpec().getManagedBy() != null && !MANAGED_BY.equals(cached.getSpec().getManagedBy())) {
      return Result.done();
    }
    Job job = Pods.copy(cached);
    if (JobConditions.finished(job)) {
      backoff.remove(key);
      return Result.done();
    }
    String mode = job.getSpec().getCompletionMode();
    if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
      recorder.event(job, EventType.WARNING, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
      return Result.done();
    }
    if (JobPods.isIndexed(job) && job.getSpec().getCompletions() == null) {
      recorder.event(job, EventType.WARNING, "InvalidSpec", "Indexed completion mode needs spec.completions");
      return Result.done();
    }
    if (job.getStatus() == null) {
      job.setStatus(new JobStatus());
    }
    if (job.getStatus().getUncountedTerminatedPods() == null) {
      job.getStatus().setUncountedTerminatedPods(new UncountedTerminatedPods(new ArrayList<>(), new ArrayList<>()));
    }
    // Expectations first: a pod the cache shows after this check is only looked at in the next sync.
    boolean satisfied = expectations.satisfied(key);
    List<Pod> owned = claimPods(job);
    List<Pod> active = owned.stream().filter(Pods::isActive).toList();
    var uncounted = job.getStatus().getUncountedTerminatedPods();
    JobContext ctx = new JobContext(key, job, owned, active, new HashSet<>(nullSafe(uncounted.getSucceeded())),
        new HashSet<>(nullSafe(uncounted.getFailed())), finalizerExpectations.get(key));
    ctx.ready = (int) active.stream().filter(Pods::isReady).count();
    ctx.terminating = (int) owned.stream().filter(JobPods::isTerminatingNotTerminal).count();
    int activeCount = active.size();
    List<Pod> newSucceeded = uncountedPods(ctx, ctx.uncountedSucceeded, p -> Pods.SUCCEEDED.equals(Pods.phase(p)));
    List<Pod> newFailed = uncountedPods(ctx, ctx.uncountedFailed, p -> JobPods.isFailed(p, ctx.job));
    ctx.succeeded = n(job.getStatus().getSucceeded()) + newSucceeded.size() + ctx.uncountedSucceeded.size();
    ctx.failed = n(job.getStatus().getFailed()) + newFailed.size() + ctx.uncountedFailed.size();
    Instant now = clock.now();
    if (job.getStatus().getStartTime() == null && !JobPods.suspended(job)) {
      job.getStatus().setStartTime(Timestamps.format(now));
    }
    ctx.backoff = backoff.next(key, newSucceeded, newFailed);

    int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
    if (JobConditions.isTrue(job, JobConditions.SUCCESS_CRITERIA_MET)) {
      ctx.finishedCondition = JobConditions.find(job, JobConditions.SUCCESS_CRITERIA_MET);
    } else if (JobConditions.isTrue(job, JobConditions.FAILURE_TARGET)) {
      var target = JobConditions.find(job, JobConditions.FAILURE_TARGET);
      ctx.finishedCondition = JobConditions.of(JobConditions.FAILED, "True", target.getReason(), target.getMessage(), now);
    } else if (ctx.failed > backoffLimit || pastBackoffLimitOnFailure(job, owned, backoffLimit)) {
      ctx.finishedCondition = JobConditions.of(JobConditions.FAILURE_TARGET, "True", "BackoffLimitExceeded",
          "Job has reached the specified backoff limit", now);
    } else if (pastActiveDeadline(job, now)) {
      ctx.finishedCondition = JobConditions.of(JobConditions.FAILURE_TARGET, "True", "DeadlineExceeded",
          "Job was active longer than specified deadline", now);
    } else if (job.getSpec().getActiveDeadlineSeconds() != null && !JobPods.suspended(job)) {
      Instant deadline = Timestamps.parse(job.getStatus().getStartTime()).plusSeconds(job.getSpec().getActiveDeadlineSeconds());
      ctx.requeueAfter(Duration.between(now, deadline));
    }
    if (JobPods.isIndexed(job)) {
      calculateSucceededIndexes(ctx);
      ctx.succeeded = ctx.succeededIndexes.total();
    }

    boolean suspendChanged = false;
    RuntimeException manageFailure = null;
    if (ctx.finishedCondition != null) {
      JobManager.Removed removed = manager.deleteActive(ctx, active);
      if (removed.deleted() != activeCount || !satisfied) {
        // Not finished yet: pods may remain, or be missing from the cache.
        ctx.finishedCondition = null;
      }
      activeCount -= removed.deleted();
      ctx.terminating += removed.deleted();
      ctx.ready -= removed.deletedReady();
      manageFailure = removed.failure();
    } else {
      boolean managed = false;
      if (satisfied && job.getMetadata().getDeletionTimestamp() == null) {
        JobManager.Managed m = manager.manage(ctx, activeCount);
        activeCount = m.active();
        manageFailure = m.failure();
        managed = true;
        suspendChanged = recordCreateFailure(job, m, now);
      }
      Integer completions = job.getSpec().getCompletions();
      boolean complete = completions == null ? ctx.succeeded > 0 && activeCount == 0 : ctx.succeeded >= completions && activeCount == 0;
      if (complete) {
        ctx.finishedCondition = JobConditions.of(JobConditions.SUCCESS_CRITERIA_MET, "True", "CompletionsReached",
            "Reached expected number of succeeded pods", now);
      } else if (managed) {
        suspendChanged |= updateSuspension(job, now);
      }
    }
    JobStatus status = job.getStatus();
    boolean needsUpdate = suspendChanged || activeCount != n(status.getActive()) || ctx.ready != n(status.getReady())
        || ctx.terminating != n(status.getTerminating()) || status.getReady() == null || status.getTerminating() == null;
    status.setActive(activeCount);
    status.setReady(ctx.ready);
    status.setTerminating(ctx.terminating);
    tracking.trackAndRemoveFinalizers(ctx, needsUpdate);
    if (manageFailure != null) {
      throw manageFailure;
    }
    return ctx.requeueAfter == null ? Result.done() : Result.requeueAfter(ctx.requeueAfter);
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** The Job's pods: those it controls and its selector matches, adopting orphans with the tracking finalizer. */
  private List<Pod> claimPods(Job job) {
    var claim = new ControllerRefManager<>(podClient, job, ControllerRefs.newControllerRef(job, "batch/v1", "Job"),
        (Pod p) -> Selector.matches(job.getSpec().getSelector(), p.getMetadata().getLabels()),
        () -> {
          Job fresh = jobClient.get(job.getMetadata().getNamespace(), job.getMetadata().getName());
          return fresh != null && Objects.equals(fresh.getMetadata().getUid(), job.getMetadata().getUid())
              && fresh.getMetadata().getDeletionTimestamp() == null;
        },
        p -> {
          List<String> finalizers = p.getMetadata().getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(p.getMetadata().getFinalizers());
          if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
            finalizers.add(JobPods.TRACKING_FINALIZER);
          }
          p.getMetadata().setFinalizers(finalizers);
          return p;
        });
    return claim.claim(pods.list(job.getMetadata().getNamespace()));
  }

  /** Finished pods not yet counted: with the finalizer, not uncounted already, a valid index if Indexed. */
  private static List<Pod> uncountedPods(JobContext ctx, Set<String> uncounted, Predicate<Pod> filter) {
    List<Pod> result = new ArrayList<>();
    for (Pod p : ctx.pods) {
      String uid = p.getMetadata().getUid();
      if (!JobPods.hasTrackingFinalizer(p) || uncounted.contains(uid) || ctx.expectedRemovals.contains(uid)) {
        continue;
      }
      if (JobPods.isIndexed(ctx.job)) {
        int ix = JobPods.completionIndex(p);
        if (ix == JobPods.UNKNOWN_INDEX || ix >= ctx.job.getSpec().getCompletions()) {
          continue;
        }
      }
      if (filter.test(p)) {
        result.add(p);
      }
    }
    return result;
  }

  /** restartPolicy OnFailure: container restarts of running and pending pods count against the back-off limit. */
  private static boolean pastBackoffLimitOnFailure(Job job, List<Pod> pods, int backoffLimit) {
    if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
      return false;
    }
    int restarts = 0;
    for (Pod p : pods) {
      String phase = Pods.phase(p);
      if (phase.equals(Pods.RUNNING) || phase.equals(Pods.PENDING)) {
        restarts += Pods.restarts(p);
      }
    }
    return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
  }

  private static boolean pastActiveDeadline(Job job, Instant now) {
    if (job.getSpec().getActiveDeadlineSeconds() == null || job.getStatus().getStartTime() == null || JobPods.suspended(job)) {
      return false;
    }
    Instant start = Timestamps.parse(job.getStatus().getStartTime());
    return start != null && !now.isBefore(start.plusSeconds(job.getSpec().getActiveDeadlineSeconds()));
  }

  /** Completed indexes so far, and with the succeeded pods not yet counted (calculateSucceededIndexes). */
  private static void calculateSucceededIndexes(JobContext ctx) {
    int completions = ctx.job.getSpec().getCompletions();
    ctx.previousSucceededIndexes = Intervals.parse(ctx.job.getStatus().getCompletedIndexes(), completions);
    Set<Integer> more = new HashSet<>();
    for (Pod p : ctx.pods) {
      int ix = JobPods.completionIndex(p);
      if (Pods.SUCCEEDED.equals(Pods.phase(p)) && ix != JobPods.UNKNOWN_INDEX && ix < completions && JobPods.hasTrackingFinalizer(p)) {
        more.add(ix);
      }
    }
    ctx.succeededIndexes = ctx.previousSucceededIndexes.with(more);
  }

  /** Keeps the ReplicaFailure condition while pods cannot be created; returns whether it changed. */
  private static boolean recordCreateFailure(Job job, JobManager.Managed m, Instant now) {
    if (m.createFailed() && m.failure() instanceof io.fabric8.kubernetes.client.KubernetesClientException k) {
      return JobConditions.ensure(job, JobConditions.REPLICA_FAILURE, "True", "FailedCreate",
          dev.ketch.controllers.pods.PodControl.message(k), now);
    }
    return m.failure() == null && JobConditions.remove(job, JobConditions.REPLICA_FAILURE);
  }

  /** The Suspended condition follows spec.suspend; resuming restarts the clock of activeDeadlineSeconds. */
  private boolean updateSuspension(Job job, Instant now) {
    if (JobPods.suspended(job)) {
      if (JobConditions.ensure(job, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
        recorder.event(job, EventType.NORMAL, "Suspended", "Job suspended");
        return true;
      }
      return false;
    }
    if (JobConditions.ensure(job, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now)) {
      recorder.event(job, EventType.NORMAL, "Resumed", "Job resumed");
      job.getStatus().setStartTime(Timestamps.format(now));
      return true;
    }
    return false;
  }
}
