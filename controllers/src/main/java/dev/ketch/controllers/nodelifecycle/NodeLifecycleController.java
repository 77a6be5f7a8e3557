package dev.ketch.controllers.nodelifecycle;

import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.EnqueueHandler;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;

/**
 * The node lifecycle controller, as kube-controller-manager's: a monitor pass every monitor period
 * ({@link NodeMonitor}) marks silent nodes Unknown, their pods NotReady, and taints failed nodes
 * NoExecute at a bounded rate per zone, for the taint eviction controller to act on; a second
 * queue keeps each node's NoSchedule taints in line with its conditions as the node changes
 * ({@link NoScheduleTaints}).
 *
 * <p>Threads: those of its two {@link Controller}s (the monitor has one worker), plus one to run
 * the second.
 */
public final class NodeLifecycleController implements ManagedController {

  static final String NAME = "node-lifecycle";
  static final String COMPONENT = "node-controller";
  private static final ObjectKey MONITOR = ObjectKey.clusterScoped("monitor");

  private final Controller<ObjectKey> monitor;
  private final Controller<ObjectKey> noSchedule;
  private Thread noScheduleThread;

  public NodeLifecycleController(ControllerContext context, NodeLifecycleControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var nodes = cluster.informer(Node.class);
    var leases = cluster.informer(Lease.class);
    var pods = cluster.informer(Pod.class);
    WorkQueue<ObjectKey> monitorQueue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    WorkQueue<ObjectKey> taintQueue = WorkQueue.withDefaultRateLimiter(NAME + "-noschedule-taints", context.clock());
    nodes.addEventHandler(EnqueueHandler.byObjectKey(taintQueue, n -> true));
    NodeMonitor nodeMonitor = new NodeMonitor(cluster, context.eventRecorder(COMPONENT), context.clock(), config);
    NoScheduleTaints taints = new NoScheduleTaints(cluster, context.clock());
    monitorQueue.add(MONITOR);
    this.monitor = new Controller<>(NAME, monitorQueue, k -> nodeMonitor.monitor(), 1,
        List.of(nodes::hasSynced, leases::hasSynced, pods::hasSynced));
    this.noSchedule = new Controller<>(NAME + "-noschedule-taints", taintQueue, taints::sync, 1, List.of(nodes::hasSynced));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run() {
    synchronized (this) {
      noScheduleThread = Thread.ofPlatform().name("controller-" + NAME + "-noschedule-taints").start(noSchedule::run);
    }
    monitor.run();
  }

  @Override
  public void close() {
    monitor.close();
    noSchedule.close();
    Thread t;
    synchronized (this) {
      t = noScheduleThread;
    }
    if (t != null) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
