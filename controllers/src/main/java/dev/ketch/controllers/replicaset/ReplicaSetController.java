package dev.ketch.controllers.replicaset;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.Fabric8ResourceClient;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ReplicaSet controller, or the ReplicationController controller (the same code, as upstream):
 * keeps each ReplicaSet's number of active pods at its replicas and its status current. Informers
 * on ReplicaSets (or ReplicationControllers) and pods feed {@link ReplicaSetEventHandlers}; workers
 * run the {@link ReplicaSetReconciler}.
 *
 * <p>Threads: those of its {@link Controller}, and virtual threads for the pod requests of one
 * pass, which run in parallel.
 */
public final class ReplicaSetController implements ManagedController {

  private final ReplicatedKind kind;
  private final Controller<ObjectKey> controller;
  private final ExecutorService requests;

  public ReplicaSetController(ControllerContext context, ReplicaSetControllerConfig config, ReplicatedKind kind) {
    this.kind = kind;
    SharedIndexInformer<Pod> podInformer = context.informers().forType(Pod.class);
    ObjectCache<Pod> pods = new InformerCache<>(podInformer);
    ObjectCache<ReplicaSet> sets;
    ResourceClient<ReplicaSet> setClient;
    SharedIndexInformer<?> setInformer;
    if (kind.equals(ReplicatedKind.REPLICATION_CONTROLLER)) {
      SharedIndexInformer<ReplicationController> rcs = context.informers().forType(ReplicationController.class);
      sets = ReplicationControllers.asReplicaSets(new InformerCache<>(rcs));
      setClient = ReplicationControllers.asReplicaSets(Fabric8ResourceClient.of(context.client(), ReplicationController.class));
      setInformer = rcs;
    } else {
      SharedIndexInformer<ReplicaSet> rss = context.informers().forType(ReplicaSet.class);
      sets = new InformerCache<>(rss);
      setClient = Fabric8ResourceClient.of(context.client(), ReplicaSet.class);
      setInformer = rss;
    }
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(kind.controllerName(), context.clock());
    Expectations<ObjectKey> expectations = new Expectations<>(context.clock());
    ReplicaSetEventHandlers handlers = new ReplicaSetEventHandlers(kind, sets, queue, expectations);
    addSetHandler(setInformer, handlers);
    podInformer.addEventHandler(handlers.forPods());
    this.requests = Executors.newVirtualThreadPerTaskExecutor();
    ReplicaSetReconciler reconciler = new ReplicaSetReconciler(kind, sets, setClient, pods,
        Fabric8ResourceClient.of(context.client(), Pod.class), expectations, context.eventRecorder(kind.component()),
        context.clock(), requests, config.burstReplicas());
    this.controller = new Controller<>(kind.controllerName(), queue, reconciler, config.workers(),
        List.of(setInformer::hasSynced, podInformer::hasSynced));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void addSetHandler(SharedIndexInformer informer, ReplicaSetEventHandlers handlers) {
    informer.addEventHandler(handlers.forSets());
  }

  @Override
  public String name() {
    return kind.controllerName();
  }

  @Override
  public void run() {
    controller.run();
  }

  @Override
  public void close() {
    controller.close();
    requests.close();
  }
}
