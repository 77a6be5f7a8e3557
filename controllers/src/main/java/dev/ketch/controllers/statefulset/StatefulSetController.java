package dev.ketch.controllers.statefulset;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.EnqueueHandler;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.objects.OwnerEnqueuer;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/**
 * The StatefulSet controller, as kube-controller-manager's: stable pod names and claims per
 * ordinal, ordered or parallel pod management, RollingUpdate with a partition or OnDelete, and
 * ControllerRevisions as history (see {@link StatefulSetSync}). Sets, their pods and their
 * revisions are watched; every event queues the set concerned.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class StatefulSetController implements ManagedController {

  static final String NAME = "statefulset";
  static final String COMPONENT = "statefulset-controller";

  private final Controller<ObjectKey> controller;

  public StatefulSetController(ControllerContext context, StatefulSetControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var sets = cluster.informer(StatefulSet.class);
    var pods = cluster.informer(Pod.class);
    var revisions = cluster.informer(ControllerRevision.class);
    var claims = cluster.informer(PersistentVolumeClaim.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    sets.addEventHandler(EnqueueHandler.byObjectKey(queue, s -> true));
    var setLister = cluster.lister(StatefulSet.class);
    pods.addEventHandler(new OwnerEnqueuer<Pod, StatefulSet>(queue::add, setLister, "apps", StatefulPods.KIND,
        s -> s.getSpec().getSelector()));
    revisions.addEventHandler(new OwnerEnqueuer<ControllerRevision, StatefulSet>(queue::add, setLister, "apps", StatefulPods.KIND,
        s -> s.getSpec().getSelector()));
    StatefulSetSync sync = new StatefulSetSync(cluster, context.eventRecorder(COMPONENT), context.clock());
    this.controller = new Controller<>(NAME, queue, sync::sync, config.workers(),
        List.of(sets::hasSynced, pods::hasSynced, revisions::hasSynced, claims::hasSynced));
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
