package dev.ketch.controllers.daemonset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.Controller;
import dev.ketch.controllers.framework.EnqueueHandler;
import dev.ketch.controllers.framework.ManagedController;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.manager.ControllerContext;
import dev.ketch.controllers.objects.ApiCluster;
import dev.ketch.controllers.objects.OwnerEnqueuer;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Objects;

/**
 * The DaemonSet controller, as kube-controller-manager's: one pod per eligible node, placed through
 * the scheduler by required node affinity on the node's name, RollingUpdate with maxUnavailable
 * and maxSurge or OnDelete, ControllerRevisions as history (see {@link DaemonSetSync}). Node
 * changes that can change eligibility (labels, taints, schedulability, condition statuses) queue
 * every DaemonSet.
 *
 * <p>Threads: those of its {@link Controller}.
 */
public final class DaemonSetController implements ManagedController {

  static final String NAME = "daemonset";
  static final String COMPONENT = "daemonset-controller";

  private final Controller<ObjectKey> controller;

  public DaemonSetController(ControllerContext context, DaemonSetControllerConfig config) {
    ApiCluster cluster = new ApiCluster(context.client(), context.informers());
    var sets = cluster.informer(DaemonSet.class);
    var pods = cluster.informer(Pod.class);
    var nodes = cluster.informer(Node.class);
    var revisions = cluster.informer(ControllerRevision.class);
    WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter(NAME, context.clock());
    Expectations<ObjectKey> expectations = new Expectations<>(context.clock());
    ObjectCache<DaemonSet> setLister = cluster.lister(DaemonSet.class);
    sets.addEventHandler(EnqueueHandler.byObjectKey(queue, s -> true));
    // One handler, so that the expectation is met before the DaemonSet is queued.
    pods.addEventHandler(new ExpectationsObserver(setLister, expectations, new OwnerEnqueuer<Pod, DaemonSet>(queue::add, setLister,
        "apps", DaemonPods.KIND, d -> d.getSpec().getSelector())));
    revisions.addEventHandler(new OwnerEnqueuer<ControllerRevision, DaemonSet>(queue::add, setLister, "apps", DaemonPods.KIND,
        d -> d.getSpec().getSelector()));
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        enqueueAll();
      }

      @Override
      public void onUpdate(Node before, Node after) {
        if (schedulingChanged(before, after)) {
          enqueueAll();
        }
      }

      @Override
      public void onDelete(Node node, boolean unknown) {
        enqueueAll();
      }

      private void enqueueAll() {
        setLister.listAll().forEach(d -> queue.add(ObjectKey.of(d)));
      }
    });
    DaemonSetSync sync = new DaemonSetSync(cluster, context.eventRecorder(COMPONENT), context.clock(), expectations);
    this.controller = new Controller<>(NAME, queue, sync::sync, config.workers(),
        List.of(sets::hasSynced, pods::hasSynced, nodes::hasSynced, revisions::hasSynced));
  }

  /** Whether a node update can change which DaemonSets belong on it (not a mere heartbeat). */
  static boolean schedulingChanged(Node before, Node after) {
    return !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
        || !Objects.equals(before.getSpec().getTaints(), after.getSpec().getTaints())
        || !Objects.equals(before.getSpec().getUnschedulable(), after.getSpec().getUnschedulable())
        || !conditionStatuses(before).equals(conditionStatuses(after));
  }

  private static List<String> conditionStatuses(Node node) {
    List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
        ? List.of() : node.getStatus().getConditions();
    return conditions.stream().map(c -> c.getType() + "=" + c.getStatus()).sorted().toList();
  }

  /**
   * Counts the pods the informer shows being created or deleted against the DaemonSet's
   * expectations, then passes the event on.
   */
  private static final class ExpectationsObserver implements ResourceEventHandler<Pod> {
    private final ObjectCache<DaemonSet> sets;
    private final Expectations<ObjectKey> expectations;
    private final ResourceEventHandler<Pod> next;

    ExpectationsObserver(ObjectCache<DaemonSet> sets, Expectations<ObjectKey> expectations, ResourceEventHandler<Pod> next) {
      this.sets = sets;
      this.expectations = expectations;
      this.next = next;
    }

    private ObjectKey owner(Pod pod) {
      OwnerReference ref = ControllerRefs.controllerOf(pod);
      if (!ControllerRefs.controlledByKind(ref, "apps", DaemonPods.KIND)) {
        return null;
      }
      DaemonSet ds = sets.get(pod.getMetadata().getNamespace(), ref.getName());
      return ds != null && ds.getMetadata().getUid().equals(ref.getUid()) ? ObjectKey.of(ds) : null;
    }

    @Override
    public void onAdd(Pod pod) {
      ObjectKey key = owner(pod);
      if (key != null) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          expectations.deletionObserved(key);
        } else {
          expectations.creationObserved(key);
        }
      }
      next.onAdd(pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      // A graceful deletion is observed when it starts: the pod will not come back.
      if (before.getMetadata().getDeletionTimestamp() == null && after.getMetadata().getDeletionTimestamp() != null) {
        ObjectKey key = owner(after);
        if (key != null) {
          expectations.deletionObserved(key);
        }
      }
      next.onUpdate(before, after);
    }

    @Override
    public void onDelete(Pod pod, boolean unknown) {
      ObjectKey key = owner(pod);
      if (key != null && pod.getMetadata().getDeletionTimestamp() == null) {
        expectations.deletionObserved(key);
      }
      next.onDelete(pod, unknown);
    }
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
