package dev.ketch.controllers.cronjob;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.EnqueueHandler;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.objects.OwnerEnqueuer;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/**
 * The CronJob controller, as kube-controller-manager's (v2): each CronJob is looked at when it or
 * one of its Jobs changes, and again just after its next scheduled time, on the injected clock, so
 * a test with a fake clock makes it fire by advancing it (see {@link CronJobSync}).
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class CronJobController implements ManagedController {

  static final String NAME = "cronjob";
  static final String COMPONENT = "cronjob-controller";

  private final Controller<ObjectKey> controller;

  public CronJobController(ControllerContext context, CronJobControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var cronJobs = cluster.informer(CronJob.class);
    var jobs = cluster.informer(Job.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    cronJobs.addEventHandler(EnqueueHandler.byObjectKey(queue, c -> true));
    jobs.addEventHandler(new OwnerEnqueuer<Job, CronJob>(queue::add, cluster.lister(CronJob.class), "batch", "CronJob", null));
    CronJobSync sync = new CronJobSync(cluster, context.eventRecorder(COMPONENT), context.clock());
    this.controller = new Controller<>(NAME, queue, sync::sync, config.workers(), List.of(cronJobs::hasSynced, jobs::hasSynced));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run() {
    controller.run();
  }

  @Override
  public void close() {
    controller.close();
  }
}
