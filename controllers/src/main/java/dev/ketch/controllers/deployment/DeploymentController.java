package dev.ketch.controllers.deployment;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.client.Fabric8ResourceClient;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The Deployment controller: rolls Deployments out through ReplicaSets (RollingUpdate or
 * Recreate), scales them, pauses and resumes them, and keeps their revisions and status for
 * {@code kubectl rollout}. Informers on Deployments, ReplicaSets and pods feed {@link
 * DeploymentEventHandlers}; workers run the {@link DeploymentReconciler}.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class DeploymentController implements ManagedController {

  public static final String NAME = "deployment";
  private static final String COMPONENT = "deployment-controller";

  private final Controller<ObjectKey> controller;

  public DeploymentController(ControllerContext context, DeploymentControllerConfig config) {
    SharedIndexInformer<Deployment> deploymentInformer = context.informers().forType(Deployment.class);
    SharedIndexInformer<ReplicaSet> rsInformer = context.informers().forType(ReplicaSet.class);
    SharedIndexInformer<Pod> podInformer = context.informers().forType(Pod.class);
    var deployments = new InformerCache<>(deploymentInformer);
    var replicaSets = new InformerCache<>(rsInformer);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    DeploymentEventHandlers handlers = new DeploymentEventHandlers(deployments, replicaSets, queue);
    deploymentInformer.addEventHandler(handlers.forDeployments());
    rsInformer.addEventHandler(handlers.forReplicaSets());
    podInformer.addEventHandler(handlers.forPods());
    DeploymentReconciler reconciler = new DeploymentReconciler(deployments, Fabric8ResourceClient.of(context.client(), Deployment.class),
        replicaSets, Fabric8ResourceClient.of(context.client(), ReplicaSet.class), new InformerCache<>(podInformer),
        context.eventRecorder(COMPONENT), context.clock());
    this.controller = new Controller<>(NAME, queue, reconciler, config.workers(),
        List.of(deploymentInformer::hasSynced, rsInformer::hasSynced, podInformer::hasSynced));
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
