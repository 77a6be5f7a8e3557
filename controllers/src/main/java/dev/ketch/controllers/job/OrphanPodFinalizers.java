package dev.ketch.controllers.job;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the tracking finalizer from pods no Job will count any more (upstream's syncOrphanPod):
 * pods without a controller, or whose Job is gone or finished. Without this, the pods of a deleted
 * Job would wait for their finalizer forever.
 */
final class OrphanPodFinalizers {

  private final ObjectCache<Pod> pods;
  private final ObjectCache<Job> jobs;
  private final ResourceClient<Pod> podClient;

  OrphanPodFinalizers(Cluster cluster) {
    this.pods = cluster.lister(Pod.class);
    this.jobs = cluster.lister(Job.class);
    this.podClient = cluster.client(Pod.class);
  }

  /** Whether {@code pod} holds a finalizer only a live, unfinished Job would remove. */
  boolean isOrphan(Pod pod) {
    if (!JobPods.hasTrackingFinalizer(pod)) {
      return false;
    }
    OwnerReference ref = ControllerRefs.controllerOf(pod);
    if (ref == null) {
      return true;
    }
    if (!ControllerRefs.controlledByKind(ref, "batch", "Job")) {
      return false;
    }
    Job job = jobs.get(pod.getMetadata().getNamespace(), ref.getName());
    if (job == null || !job.getMetadata().getUid().equals(ref.getUid())) {
      return true;
    }
    if (job.getSpec().getManagedBy() != null && !JobSync.MANAGED_BY.equals(job.getSpec().getManagedBy())) {
      // Another controller tracks this Job's pods.
      return false;
    }
    return JobConditions.finished(job);
  }

  Result sync(ObjectKey key) {
    Pod pod = pods.get(key.namespace(), key.name());
    if (pod == null || !isOrphan(pod)) {
      return Result.done();
    }
    String uid = pod.getMetadata().getUid();
    podClient.edit(key.namespace(), key.name(), fresh -> {
      if (!uid.equals(fresh.getMetadata().getUid()) || !JobPods.hasTrackingFinalizer(fresh) || !isOrphan(fresh)) {
        return null;
      }
      List<String> finalizers = new ArrayList<>(fresh.getMetadata().getFinalizers());
      finalizers.remove(JobPods.TRACKING_FINALIZER);
      fresh.getMetadata().setFinalizers(finalizers);
      return fresh;
    });
    return Result.done();
  }
}
