package dev.ketch.controllers.job;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.objects.OwnerEnqueuer;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Objects;

/**
 * The Job controller, as kube-controller-manager's: pods toward completions at the parallelism,
 * the back-off limit with failures counted exactly through the tracking finalizer, the active
 * deadline, Indexed completion, suspension, and the Complete and Failed conditions (see {@link
 * JobSync}). Pod events for a Job are gathered for a short batch period before it is looked at.
 * A second queue removes the tracking finalizer from pods no Job will count ({@link
 * OrphanPodFinalizers}).
 *
 * <p>Threads: those of its two {@link Controller}s (jobs, orphan pods), plus one to run the second.
 */
public final class JobController implements ManagedController {

  static final String NAME = "job";
  static final String COMPONENT = "job-controller";

  private final Controller<ObjectKey> jobs;
  private final Controller<ObjectKey> orphans;
  private Thread orphanThread;

  public JobController(ControllerContext context, JobControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var jobInformer = cluster.informer(Job.class);
    var podInformer = cluster.informer(Pod.class);
    ObjectCache<Job> jobLister = cluster.lister(Job.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    WorkQueue<ObjectKey> orphanQueue = WorkQueue.withDefaultRateLimiter(NAME + "-orphan-pods", context.clock());
    Expectations<ObjectKey> expectations = new Expectations<>(context.clock());
    FinalizerExpectations finalizerExpectations = new FinalizerExpectations();
    OrphanPodFinalizers orphanPods = new OrphanPodFinalizers(cluster);
    ObjectCache<Pod> podLister = cluster.lister(Pod.class);

    jobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        queue.add(ObjectKey.of(job));
      }

      @Override
      public void onUpdate(Job before, Job after) {
        queue.add(ObjectKey.of(after));
        if (JobConditions.finished(after)) {
          enqueueOrphans(after);
        }
      }

      @Override
      public void onDelete(Job job, boolean unknown) {
        queue.add(ObjectKey.of(job));
        enqueueOrphans(job);
      }

      private void enqueueOrphans(Job job) {
        for (Pod p : podLister.list(job.getMetadata().getNamespace())) {
          if (ControllerRefs.isControlledBy(p, job.getMetadata().getUid()) && JobPods.hasTrackingFinalizer(p)) {
            orphanQueue.add(ObjectKey.of(p));
          }
        }
      }
    });
    OwnerEnqueuer<Pod, Job> batched = new OwnerEnqueuer<>(k -> queue.addAfter(k, config.syncBatchPeriod()), jobLister, "batch", "Job",
        j -> j.getSpec().getSelector());
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        ObjectKey owner = owner(pod);
        if (owner != null) {
          // A pod first seen already being deleted (after a restart) is not a creation.
          if (pod.getMetadata().getDeletionTimestamp() != null) {
            expectations.deletionObserved(owner);
          } else {
            expectations.creationObserved(owner);
          }
        }
        batched.onAdd(pod);
        if (orphanPods.isOrphan(pod)) {
          orphanQueue.add(ObjectKey.of(pod));
        }
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        ObjectKey owner = owner(after);
        if (owner != null) {
          if (JobPods.hasTrackingFinalizer(before) && !JobPods.hasTrackingFinalizer(after)) {
            finalizerExpectations.removalObserved(owner, after.getMetadata().getUid());
          }
          if (before.getMetadata().getDeletionTimestamp() == null && after.getMetadata().getDeletionTimestamp() != null) {
            expectations.deletionObserved(owner);
          }
        }
        batched.onUpdate(before, after);
        if (orphanPods.isOrphan(after)) {
          orphanQueue.add(ObjectKey.of(after));
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
        ObjectKey owner = owner(pod);
        if (owner != null) {
          if (pod.getMetadata().getDeletionTimestamp() == null) {
            expectations.deletionObserved(owner);
          }
          finalizerExpectations.removalObserved(owner, pod.getMetadata().getUid());
        }
        batched.onDelete(pod, unknown);
      }

      private ObjectKey owner(Pod pod) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (!ControllerRefs.controlledByKind(ref, "batch", "Job")) {
          return null;
        }
        Job job = jobLister.get(pod.getMetadata().getNamespace(), ref.getName());
        return job != null && Objects.equals(job.getMetadata().getUid(), ref.getUid()) ? ObjectKey.of(job) : null;
      }
    });
    JobSync sync = new JobSync(cluster, context.eventRecorder(COMPONENT), context.clock(), expectations, finalizerExpectations, config);
    this.jobs = new Controller<>(NAME, queue, sync::sync, config.workers(), List.of(jobInformer::hasSynced, podInformer::hasSynced));
    this.orphans = new Controller<>(NAME + "-orphan-pods", orphanQueue, orphanPods::sync, 1,
        List.of(jobInformer::hasSynced, podInformer::hasSynced));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run() {
    synchronized (this) {
      orphanThread = Thread.ofPlatform().name("controller-" + NAME + "-orphan-pods").start(orphans::run);
    }
    jobs.run();
  }

  @Override
  public void close() {
    jobs.close();
    orphans.close();
    Thread t;
    synchronized (this) {
      t = orphanThread;
    }
    if (t != null) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
