package dev.ketch.controllers.disruption;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.client.Fabric8ResourceClient;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The disruption controller: keeps the status of every PodDisruptionBudget (see {@link
 * DisruptionReconciler}). A budget is looked at again when it changes and when one of the pods it
 * selects does.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class DisruptionController implements ManagedController {

  public static final String NAME = "disruption";
  private static final String COMPONENT = "controllermanager";

  private final Controller<ObjectKey> controller;

  public DisruptionController(ControllerContext context, int workers) {
    SharedIndexInformer<PodDisruptionBudget> pdbInformer = context.informers().forType(PodDisruptionBudget.class);
    SharedIndexInformer<Pod> podInformer = context.informers().forType(Pod.class);
    SharedIndexInformer<ReplicaSet> rsInformer = context.informers().forType(ReplicaSet.class);
    SharedIndexInformer<Deployment> deploymentInformer = context.informers().forType(Deployment.class);
    SharedIndexInformer<ReplicationController> rcInformer = context.informers().forType(ReplicationController.class);
    SharedIndexInformer<StatefulSet> ssInformer = context.informers().forType(StatefulSet.class);
    var budgets = new InformerCache<>(pdbInformer);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    pdbInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PodDisruptionBudget pdb) {
        queue.add(ObjectKey.of(pdb));
      }

      @Override
      public void onUpdate(PodDisruptionBudget old, PodDisruptionBudget pdb) {
        queue.add(ObjectKey.of(pdb));
      }

      @Override
      public void onDelete(PodDisruptionBudget pdb, boolean deletedFinalStateUnknown) {}
    });
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueueBudgetsOf(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        enqueueBudgetsOf(pod);
        if (!java.util.Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
          enqueueBudgetsOf(old);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        enqueueBudgetsOf(pod);
      }

      private void enqueueBudgetsOf(Pod pod) {
        for (PodDisruptionBudget pdb : budgets.list(pod.getMetadata().getNamespace())) {
          try {
            if (Selector.of(pdb.getSpec().getSelector()).matches(pod.getMetadata().getLabels())) {
              queue.add(ObjectKey.of(pdb));
            }
          } catch (IllegalArgumentException e) {
            // A selector the API should not have accepted selects nothing.
          }
        }
      }
    });
    ExpectedScale scales = new ExpectedScale(new InformerCache<>(rsInformer), new InformerCache<>(deploymentInformer),
        new InformerCache<>(rcInformer), new InformerCache<>(ssInformer));
    DisruptionReconciler reconciler = new DisruptionReconciler(budgets, Fabric8ResourceClient.of(context.client(), PodDisruptionBudget.class),
        new InformerCache<>(podInformer), scales, context.eventRecorder(COMPONENT), context.clock());
    this.controller = new Controller<>(NAME, queue, reconciler, workers, List.of(pdbInformer::hasSynced, podInformer::hasSynced,
        rsInformer::hasSynced, deploymentInformer::hasSynced, rcInformer::hasSynced, ssInformer::hasSynced));
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
