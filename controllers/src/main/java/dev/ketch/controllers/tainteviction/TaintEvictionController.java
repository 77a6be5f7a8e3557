package dev.ketch.controllers.tainteviction;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Objects;

/**
 * The taint eviction controller, as kube-controller-manager's {@code taint-eviction-controller}:
 * pods are looked at when they land on a node or change their tolerations, and all pods of a node
 * when its NoExecute taints change (see {@link TaintEvictionSync}).
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class TaintEvictionController implements ManagedController {

  static final String NAME = "taint-eviction";
  static final String COMPONENT = "taint-eviction-controller";
  /** An index of pods by the node they are bound to. */
  static final String BY_NODE = "ketch.dev/pods-by-node";

  private final Controller<ObjectKey> controller;

  public TaintEvictionController(ControllerContext context, TaintEvictionControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var pods = cluster.informer(Pod.class);
    var nodes = cluster.informer(Node.class);
    InformerCache.ensureIndex(pods, BY_NODE, p -> Pods.nodeName(p) == null ? List.of() : List.of(p.getSpec().getNodeName()));
    InformerCache<Pod> podLister = new InformerCache<>(pods);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        if (Pods.nodeName(pod) != null) {
          queue.add(ObjectKey.of(pod));
        }
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        if (Pods.nodeName(after) != null && (!Objects.equals(Pods.nodeName(before), Pods.nodeName(after))
            || !Objects.equals(before.getSpec().getTolerations(), after.getSpec().getTolerations())
            || (before.getMetadata().getDeletionTimestamp() == null) != (after.getMetadata().getDeletionTimestamp() == null))) {
          queue.add(ObjectKey.of(after));
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
        queue.add(ObjectKey.of(pod));
      }
    });
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        if (!TaintEvictionSync.noExecuteTaints(node).isEmpty()) {
          enqueuePods(node);
        }
      }

      @Override
      public void onUpdate(Node before, Node after) {
        if (!keys(before).equals(keys(after))) {
          enqueuePods(after);
        }
      }

      @Override
      public void onDelete(Node node, boolean unknown) {}

      private List<String> keys(Node node) {
        return TaintEvictionSync.noExecuteTaints(node).stream().map(t -> t.getKey() + "=" + t.getValue()).sorted().toList();
      }

      private void enqueuePods(Node node) {
        podLister.byIndex(BY_NODE, node.getMetadata().getName()).forEach(p -> queue.add(ObjectKey.of(p)));
      }
    });
    TaintEvictionSync sync = new TaintEvictionSync(cluster, context.eventRecorder(COMPONENT), context.clock());
    this.controller = new Controller<>(NAME, queue, sync::sync, config.workers(), List.of(pods::hasSynced, nodes::hasSynced));
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
