package dev.ketch.controllers.endpointslice;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.cache.OwnWrites;
import dev.ketch.controllers.client.Fabric8ResourceClient;
import dev.ketch.controllers.endpoint.ServiceEventHandlers;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The EndpointSlice controller: the slices of every Service with a selector, kept by the {@link
 * EndpointSliceReconciler}. A change to a slice it manages brings its Service back, unless the
 * change is the echo of its own write.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class EndpointSliceController implements ManagedController {

  public static final String NAME = "endpointslice";
  private static final String COMPONENT = "endpoint-slice-controller";

  private final Controller<ObjectKey> controller;

  public EndpointSliceController(ControllerContext context, EndpointSliceControllerConfig config) {
    SharedIndexInformer<Service> serviceInformer = context.informers().forType(Service.class);
    SharedIndexInformer<Pod> podInformer = context.informers().forType(Pod.class);
    SharedIndexInformer<Node> nodeInformer = context.informers().forType(Node.class);
    SharedIndexInformer<EndpointSlice> sliceInformer = context.informers().forType(EndpointSlice.class);
    InformerCache.ensureIndex(sliceInformer, EndpointSliceReconciler.SERVICE_INDEX, EndpointSliceReconciler::serviceIndex);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    var services = new InformerCache<>(serviceInformer);
    OwnWrites<ObjectKey> ownWrites = new OwnWrites<>(context.clock());
    ServiceEventHandlers handlers = new ServiceEventHandlers(services, queue, config.updatesBatchPeriod());
    serviceInformer.addEventHandler(handlers.forServices());
    podInformer.addEventHandler(handlers.forPods());
    sliceInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(EndpointSlice slice) {
        changed(slice, false);
      }

      @Override
      public void onUpdate(EndpointSlice old, EndpointSlice slice) {
        changed(slice, false);
      }

      @Override
      public void onDelete(EndpointSlice slice, boolean deletedFinalStateUnknown) {
        changed(slice, true);
      }

      private void changed(EndpointSlice slice, boolean deleted) {
        List<String> service = EndpointSliceReconciler.serviceIndex(slice);
        boolean own = ownWrites.observe(slice, deleted);
        if (!service.isEmpty() && !own) {
          queue.add(new ObjectKey(slice.getMetadata().getNamespace(), slice.getMetadata().getLabels().get(EndpointSliceReconciler.SERVICE_NAME_LABEL)));
        }
      }
    });
    EndpointSliceReconciler reconciler = new EndpointSliceReconciler(services, new InformerCache<>(podInformer),
        new InformerCache<>(nodeInformer), new InformerCache<>(sliceInformer), Fabric8ResourceClient.of(context.client(), EndpointSlice.class),
        ownWrites, context.eventRecorder(COMPONENT), config.maxEndpointsPerSlice());
    this.controller = new Controller<>(NAME, queue, reconciler, config.workers(),
        List.of(serviceInformer::hasSynced, podInformer::hasSynced, nodeInformer::hasSynced, sliceInformer::hasSynced));
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
