package dev.ketch.controllers.endpoint;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.cache.OwnWrites;
import dev.ketch.controllers.client.Fabric8ResourceClient;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The Endpoints controller: one Endpoints object per Service with a selector, kept by the {@link
 * EndpointsReconciler}. Endpoints left without a Service (e.g. deleted while the controller was
 * down) are found when its cache first lists them and deleted, as upstream's
 * checkLeftoverEndpoints; an Endpoints object deleted by hand is written again.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class EndpointsController implements ManagedController {

  public static final String NAME = "endpoints";
  private static final String COMPONENT = "endpoint-controller";
  private static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

  private final Controller<ObjectKey> controller;

  public EndpointsController(ControllerContext context, EndpointsControllerConfig config) {
    SharedIndexInformer<Service> serviceInformer = context.informers().forType(Service.class);
    SharedIndexInformer<Pod> podInformer = context.informers().forType(Pod.class);
    SharedIndexInformer<Endpoints> endpointsInformer = context.informers().forType(Endpoints.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    var services = new InformerCache<>(serviceInformer);
    OwnWrites<ObjectKey> ownWrites = new OwnWrites<>(context.clock());
    ServiceEventHandlers handlers = new ServiceEventHandlers(services, queue, config.updatesBatchPeriod());
    serviceInformer.addEventHandler(handlers.forServices());
    podInformer.addEventHandler(handlers.forPods());
    endpointsInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Endpoints ep) {
        ownWrites.observe(ep, false);
        // At start-up this finds Endpoints whose Service is gone.
        if (services.get(ep.getMetadata().getNamespace(), ep.getMetadata().getName()) == null && !isLeaderRecord(ep)) {
          queue.add(ObjectKey.of(ep));
        }
      }

      @Override
      public void onUpdate(Endpoints old, Endpoints ep) {
        ownWrites.observe(ep, false);
      }

      @Override
      public void onDelete(Endpoints ep, boolean deletedFinalStateUnknown) {
        ownWrites.observe(ep, true);
        queue.add(ObjectKey.of(ep));
      }
    });
    EndpointsReconciler reconciler = new EndpointsReconciler(services, new InformerCache<>(podInformer),
        new InformerCache<>(endpointsInformer), Fabric8ResourceClient.of(context.client(), Endpoints.class), ownWrites,
        context.eventRecorder(COMPONENT));
    this.controller = new Controller<>(NAME, queue, reconciler, config.workers(),
        List.of(serviceInformer::hasSynced, podInformer::hasSynced, endpointsInformer::hasSynced));
  }

  private static boolean isLeaderRecord(Endpoints ep) {
    return ep.getMetadata().getAnnotations() != null && ep.getMetadata().getAnnotations().containsKey(LEADER_ANNOTATION);
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
