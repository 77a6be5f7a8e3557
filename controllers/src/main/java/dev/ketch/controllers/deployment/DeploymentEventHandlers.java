package dev.ketch.controllers.deployment;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Objects;

/**
 * The informer handlers of the {@link DeploymentController}: a Deployment event queues it; a
 * ReplicaSet event queues its controlling Deployment, or for an orphan every Deployment that
 * selects it; a pod going away queues its Deployment when that one uses the Recreate strategy
 * (which waits for old pods to be gone).
 *
 * <p>Called on fabric8's informer threads; thread-safe.
 */
public final class DeploymentEventHandlers {

  private final ObjectCache<Deployment> deployments;
  private final ObjectCache<ReplicaSet> replicaSets;
  private final WorkQueue<ObjectKey> queue;

  public DeploymentEventHandlers(ObjectCache<Deployment> deployments, ObjectCache<ReplicaSet> replicaSets, WorkQueue<ObjectKey> queue) {
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.queue = queue;
  }

  public ResourceEventHandler<Deployment> forDeployments() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        queue.add(ObjectKey.of(d));
      }

      @Override
      public void onUpdate(Deployment old, Deployment d) {
        queue.add(ObjectKey.of(d));
      }

      @Override
      public void onDelete(Deployment d, boolean deletedFinalStateUnknown) {
        queue.add(ObjectKey.of(d));
      }
    };
  }

  public ResourceEventHandler<ReplicaSet> forReplicaSets() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ReplicaSet rs) {
        replicaSetAdded(rs);
      }

      @Override
      public void onUpdate(ReplicaSet old, ReplicaSet rs) {
        replicaSetUpdated(old, rs);
      }

      @Override
      public void onDelete(ReplicaSet rs, boolean deletedFinalStateUnknown) {
        enqueueOwner(rs.getMetadata().getNamespace(), ControllerRefs.controllerOf(rs));
      }
    };
  }

  public ResourceEventHandler<Pod> forPods() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod old, Pod pod) {}

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        podDeleted(pod);
      }
    };
  }

  void replicaSetAdded(ReplicaSet rs) {
    OwnerReference ref = ControllerRefs.controllerOf(rs);
    if (ref != null) {
      enqueueOwner(rs.getMetadata().getNamespace(), ref);
      return;
    }
    matching(rs).forEach(d -> queue.add(ObjectKey.of(d)));
  }

  void replicaSetUpdated(ReplicaSet old, ReplicaSet rs) {
    if (Objects.equals(old.getMetadata().getResourceVersion(), rs.getMetadata().getResourceVersion())) {
      return;
    }
    OwnerReference oldRef = ControllerRefs.controllerOf(old);
    OwnerReference ref = ControllerRefs.controllerOf(rs);
    boolean refChanged = !Objects.equals(oldRef, ref);
    if (refChanged && oldRef != null) {
      enqueueOwner(old.getMetadata().getNamespace(), oldRef);
    }
    if (ref != null) {
      enqueueOwner(rs.getMetadata().getNamespace(), ref);
      return;
    }
    boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), rs.getMetadata().getLabels());
    if (labelsChanged || refChanged) {
      matching(rs).forEach(d -> queue.add(ObjectKey.of(d)));
    }
  }

  void podDeleted(Pod pod) {
    OwnerReference rsRef = ControllerRefs.controllerOf(pod);
    if (!ControllerRefs.controlledByKind(rsRef, "apps", "ReplicaSet")) {
      return;
    }
    ReplicaSet rs = replicaSets.get(pod.getMetadata().getNamespace(), rsRef.getName());
    if (rs == null || !Objects.equals(rs.getMetadata().getUid(), rsRef.getUid())) {
      return;
    }
    Deployment d = resolve(rs.getMetadata().getNamespace(), ControllerRefs.controllerOf(rs));
    if (d != null && !RolloutMath.isRollingUpdate(d)) {
      queue.add(ObjectKey.of(d));
    }
  }

  private void enqueueOwner(String namespace, OwnerReference ref) {
    Deployment d = resolve(namespace, ref);
    if (d != null) {
      queue.add(ObjectKey.of(d));
    }
  }

  private Deployment resolve(String namespace, OwnerReference ref) {
    if (!ControllerRefs.controlledByKind(ref, "apps", "Deployment")) {
      return null;
    }
    Deployment d = deployments.get(namespace, ref.getName());
    return d != null && Objects.equals(d.getMetadata().getUid(), ref.getUid()) ? d : null;
  }

  private List<Deployment> matching(ReplicaSet rs) {
    return deployments.list(rs.getMetadata().getNamespace()).stream().filter(d -> {
      try {
        Selector s = Selector.of(d.getSpec().getSelector());
        return !s.isEverything() && s.matches(rs.getMetadata().getLabels());
      } catch (IllegalArgumentException e) {
        return false;
      }
    }).toList();
  }
}
