package dev.ketch.controllers.ttlafterfinished;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.EnqueueHandler;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/**
 * The TTL-after-finished controller: finished Jobs with {@code ttlSecondsAfterFinished} are
 * deleted when it runs out, on the injected clock (see {@link TtlAfterFinishedSync}).
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class TtlAfterFinishedController implements ManagedController {

  static final String NAME = "ttl-after-finished";

  private final Controller<ObjectKey> controller;

  public TtlAfterFinishedController(ControllerContext context, int workers) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var jobs = cluster.informer(Job.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    jobs.addEventHandler(EnqueueHandler.byObjectKey(queue, TtlAfterFinishedSync::needsCleanup));
    TtlAfterFinishedSync sync = new TtlAfterFinishedSync(cluster, context.clock());
    this.controller = new Controller<>(NAME, queue, sync::sync, workers, List.of(jobs::hasSynced));
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
