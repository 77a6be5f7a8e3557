package dev.ketch.controllers.podgc;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The pod garbage collector, as kube-controller-manager's {@code pod-garbage-collector}: a pass
 * every period (see {@link PodGcSync}).
 *
 * <p>Threads: those of its {@link Controller} (one worker).
 */
public final class PodGcController implements ManagedController {

  static final String NAME = "pod-garbage-collector";
  private static final ObjectKey PASS = ObjectKey.clusterScoped("gc");

  private final Controller<ObjectKey> controller;

  public PodGcController(ControllerContext context, PodGcControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var pods = cluster.informer(Pod.class);
    var nodes = cluster.informer(Node.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    queue.add(PASS);
    PodGcSync sync = new PodGcSync(cluster, context.clock(), config);
    this.controller = new Controller<>(NAME, queue, k -> sync.gc(), 1, List.of(pods::hasSynced, nodes::hasSynced));
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
