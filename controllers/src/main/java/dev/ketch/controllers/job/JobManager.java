package dev.ketch.controllers.job;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.pods.PodControl;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates and deletes a Job's pods (upstream's manageJob): deletes all active pods of a suspended
 * Job; otherwise deletes surplus pods (and, for Indexed Jobs, duplicate or out-of-range indexes),
 * or creates the missing ones once the failure back-off has passed, in slow-start batches, each
 * with the tracking finalizer and, for Indexed Jobs, its completion index.
 */
final class JobManager {

  /** Upstream's MaxPodCreateDeletePerSync. */
  static final int MAX_PER_SYNC = 500;

  record Removed(int deleted, int deletedReady, RuntimeException failure) {}

  /** The active count after managing, the first failed write, and whether it was a creation. */
  record Managed(int active, RuntimeException failure, boolean createFailed) {
    Managed(int active, RuntimeException failure) {
      this(active, failure, false);
    }
  }

  private final ResourceClient<Pod> pods;
  private final PodControl podControl;
  private final Clock clock;
  private final Expectations<ObjectKey> expectations;
  private final JobControllerConfig config;

  JobManager(ResourceClient<Pod> pods, EventRecorder recorder, Clock clock, Expectations<ObjectKey> expectations,
      JobControllerConfig config) {
    this.pods = pods;
    this.podControl = new PodControl(pods, recorder);
    this.clock = clock;
    this.expectations = expectations;
    this.config = config;
  }

  /** Deletes the active pods of a Job that is finishing, keeping their finalizers (deleteActivePods). */
  Removed deleteActive(JobContext ctx, List<Pod> active) {
    int deleted = 0;
    int ready = 0;
    RuntimeException failure = null;
    for (Pod p : active) {
      try {
        podControl.delete(p, ctx.job);
        deleted++;
        ready += Pods.isReady(p) ? 1 : 0;
      } catch (KubernetesClientException e) {
        if (ApiErrors.isNotFound(e)) {
          deleted++;
        } else if (failure == null) {
          failure = e;
        }
      }
    }
    return new Removed(deleted, ready, failure);
  }

  Managed manage(JobContext ctx, int active) {
    Job job = ctx.job;
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    if (JobPods.suspended(job)) {
      List<Pod> remove = forRemoval(job, ctx.activePods, active);
      return delete(ctx, remove, active);
    }
    Integer completions = job.getSpec().getCompletions();
    int wantActive;
    if (completions == null) {
      wantActive = ctx.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
    }
    List<Pod> remove = forRemoval(job, ctx.activePods, Math.max(0, active - wantActive));
    if (remove.size() > MAX_PER_SYNC) {
      remove = remove.subList(0, MAX_PER_SYNC);
    }
    if (!remove.isEmpty()) {
      // Either deletions or creations in one sync; deletions first.
      return delete(ctx, remove, active);
    }
    int terminating = JobPods.onlyReplaceFailed(job) ? ctx.terminating : 0;
    int diff = wantActive - terminating - active;
    if (diff <= 0) {
      return new Managed(active, null);
    }
    Duration wait = ctx.backoff.remaining(clock.now(), config.podFailureBackoff(), config.maxPodFailureBackoff());
    if (!wait.isZero()) {
      ctx.requeueAfter(wait);
      return new Managed(active, null);
    }
    diff = Math.min(diff, MAX_PER_SYNC);
    List<Integer> indexes = null;
    if (JobPods.isIndexed(job)) {
      indexes = firstPendingIndexes(ctx, diff, completions);
      diff = indexes.size();
    }
    return create(ctx, active, diff, indexes);
  }

  private Managed delete(JobContext ctx, List<Pod> remove, int active) {
    expectations.expectDeletions(ctx.key, remove.size());
    RuntimeException failure = null;
    for (Pod p : remove) {
      try {
        removeFinalizer(p);
        if (podControl.delete(p, ctx.job)) {
          active--;
          ctx.terminating++;
          ctx.ready -= Pods.isReady(p) ? 1 : 0;
        } else {
          expectations.deletionObserved(ctx.key);
        }
      } catch (KubernetesClientException e) {
        expectations.deletionObserved(ctx.key);
        if (ApiErrors.isNotFound(e)) {
          continue;
        }
        failure = failure == null ? e : failure;
      }
    }
    return new Managed(active, failure);
  }

  private void removeFinalizer(Pod p) {
    if (!JobPods.hasTrackingFinalizer(p)) {
      return;
    }
    String uid = p.getMetadata().getUid();
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
  }

  /**
   * Active pods to delete (activePodsForRemoval): for an Indexed Job, first those with a missing,
   * out-of-range or repeated index; then the most expendable, until {@code atLeast}.
   */
  static List<Pod> forRemoval(Job job, List<Pod> active, int atLeast) {
    List<Pod> remove = new ArrayList<>();
    List<Pod> left = new ArrayList<>(active);
    if (JobPods.isIndexed(job)) {
      int completions = job.getSpec().getCompletions();
      Map<Integer, List<Pod>> byIndex = new HashMap<>();
      left.clear();
      for (Pod p : active) {
        int ix = JobPods.completionIndex(p);
        if (ix == JobPods.UNKNOWN_INDEX || ix >= completions) {
          remove.add(p);
        } else {
          byIndex.computeIfAbsent(ix, i -> new ArrayList<>()).add(p);
        }
      }
      for (List<Pod> same : byIndex.values()) {
        same.sort(Pods.MOST_EXPENDABLE_FIRST);
        remove.addAll(same.subList(0, same.size() - 1));
        left.add(same.getLast());
      }
    }
    if (remove.size() < atLeast) {
      left.sort(Pods.MOST_EXPENDABLE_FIRST);
      remove.addAll(left.subList(0, Math.min(left.size(), atLeast - remove.size())));
    }
    return remove;
  }

  /** The lowest indexes neither succeeded nor held by an active pod. */
  private static List<Integer> firstPendingIndexes(JobContext ctx, int count, int completions) {
    Set<Integer> taken = new HashSet<>(ctx.succeededIndexes.indexes());
    for (Pod p : ctx.activePods) {
      taken.add(JobPods.completionIndex(p));
    }
    if (JobPods.onlyReplaceFailed(ctx.job)) {
      ctx.pods.stream().filter(JobPods::isTerminatingNotTerminal).forEach(p -> taken.add(JobPods.completionIndex(p)));
    }
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < completions && pending.size() < count; i++) {
      if (!taken.contains(i)) {
        pending.add(i);
      }
    }
    return pending;
  }

  private Managed create(JobContext ctx, int active, int count, List<Integer> indexes) {
    Job job = ctx.job;
    expectations.expectCreations(ctx.key, count);
    PodTemplateSpec template = Pods.copy(job.getSpec().getTemplate());
    if (JobPods.isIndexed(job)) {
      JobPods.addIndexEnv(template);
    }
    List<String> finalizers = template.getMetadata().getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(template.getMetadata().getFinalizers());
    if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
      finalizers.add(JobPods.TRACKING_FINALIZER);
    }
    template.getMetadata().setFinalizers(finalizers);
    var ref = ControllerRefs.newControllerRef(job, "batch/v1", "Job");
    RuntimeException failure = null;
    int created = 0;
    int pos = 0;
    for (int batch = Math.min(1, count); pos < count; batch = Math.min(2 * batch, count - pos)) {
      boolean failed = false;
      for (int i = pos; i < pos + batch; i++) {
        Pod pod = Pods.fromTemplate(template, job.getMetadata().getNamespace(), ref);
        pod.getMetadata().setGenerateName(job.getMetadata().getName() + "-");
        if (indexes != null) {
          int ix = indexes.get(i);
          if (pod.getMetadata().getAnnotations() == null) {
            pod.getMetadata().setAnnotations(new LinkedHashMap<>());
          }
          pod.getMetadata().getAnnotations().put(JobPods.COMPLETION_INDEX, Integer.toString(ix));
          pod.getMetadata().getLabels().put(JobPods.COMPLETION_INDEX, Integer.toString(ix));
          pod.getSpec().setHostname(job.getMetadata().getName() + "-" + ix);
          pod.getMetadata().setGenerateName(job.getMetadata().getName() + "-" + ix + "-");
        }
        try {
          podControl.create(pod, job);
          created++;
        } catch (KubernetesClientException e) {
          expectations.creationObserved(ctx.key);
          failed = true;
          failure = failure == null ? e : failure;
        }
      }
      pos += batch;
      if (failed) {
        for (int skipped = pos; skipped < count; skipped++) {
          expectations.creationObserved(ctx.key);
        }
        break;
      }
    }
    return new Managed(active + created, failure, failure != null);
  }
}
