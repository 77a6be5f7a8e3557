package dev.ketch.controllers.nodeipam;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.EnqueueHandler;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;

/**
 * The node IPAM controller with upstream's range allocator: every node gets a pod CIDR from the
 * cluster CIDR (see {@link NodeIpamSync}).
 *
 * <p>Threads: those of its {@link Controller} (one worker: allocation is sequential).
 */
public final class NodeIpamController implements ManagedController {

  static final String NAME = "node-ipam";
  static final String COMPONENT = "cidrAllocator";

  private final Controller<ObjectKey> controller;

  public NodeIpamController(ControllerContext context, NodeIpamControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var nodes = cluster.informer(Node.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    nodes.addEventHandler(EnqueueHandler.byObjectKey(queue, n -> true));
    NodeIpamSync sync = new NodeIpamSync(cluster, context.eventRecorder(COMPONENT), config);
    this.controller = new Controller<>(NAME, queue, sync::sync, 1, List.of(nodes::hasSynced));
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
