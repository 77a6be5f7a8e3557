package dev.ketch.controllers.replicaset;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The informer handlers of a {@link ReplicaSetController}: they only find which ReplicaSets an
 * event concerns, queue their keys and record what the {@link Expectations} were waiting for. A
 * pod with a controller reference concerns its controller only; an orphan concerns every
 * ReplicaSet whose selector matches it (one of them may adopt it). A pod seen with a
 * deletionTimestamp counts as deleted.
 *
 * <p>Called on fabric8's informer threads; thread-safe.
 */
public final class ReplicaSetEventHandlers {

  private final ReplicatedKind kind;
  private final ObjectCache<ReplicaSet> sets;
  private final WorkQueue<ObjectKey> queue;
  private final Expectations<ObjectKey> expectations;

  public ReplicaSetEventHandlers(ReplicatedKind kind, ObjectCache<ReplicaSet> sets, WorkQueue<ObjectKey> queue,
      Expectations<ObjectKey> expectations) {
    this.kind = kind;
    this.sets = sets;
    this.queue = queue;
    this.expectations = expectations;
  }

  /** Handlers of the ReplicaSets (or ReplicationControllers) themselves. */
  public <T extends HasMetadata> ResourceEventHandler<T> forSets() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        queue.add(ObjectKey.of(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        queue.add(ObjectKey.of(newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        ObjectKey key = ObjectKey.of(obj);
        expectations.delete(key);
        queue.add(key);
      }
    };
  }

  /** Handlers of pods. */
  public ResourceEventHandler<Pod> forPods() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        podAdded(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        podUpdated(oldPod, pod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        podDeleted(pod);
      }
    };
  }

  void podAdded(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      // Seen for the first time already going (e.g. after a restart): it counts as deleted.
      podDeleted(pod);
      return;
    }
    OwnerReference ref = ControllerRefs.controllerOf(pod);
    if (ref != null) {
      ReplicaSet rs = resolve(pod.getMetadata().getNamespace(), ref);
      if (rs != null) {
        ObjectKey key = ObjectKey.of(rs);
        expectations.creationObserved(key);
        queue.add(key);
      }
      return;
    }
    matching(pod).forEach(rs -> queue.add(ObjectKey.of(rs)));
  }

  void podUpdated(Pod old, Pod pod) {
    if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
      return;
    }
    boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      podDeleted(pod);
      if (labelsChanged) {
        podDeleted(old);
      }
      return;
    }
    OwnerReference oldRef = ControllerRefs.controllerOf(old);
    OwnerReference ref = ControllerRefs.controllerOf(pod);
    boolean refChanged = !Objects.equals(oldRef, ref);
    if (refChanged && oldRef != null) {
      ReplicaSet previous = resolve(old.getMetadata().getNamespace(), oldRef);
      if (previous != null) {
        queue.add(ObjectKey.of(previous));
      }
    }
    if (ref != null) {
      ReplicaSet rs = resolve(pod.getMetadata().getNamespace(), ref);
      if (rs == null) {
        return;
      }
      ObjectKey key = ObjectKey.of(rs);
      queue.add(key);
      int minReadySeconds = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
      if (minReadySeconds > 0 && !Pods.isReady(old) && Pods.isReady(pod)) {
        // Available minReadySeconds from now, with a second to spare, as upstream.
        queue.addAfter(key, Duration.ofSeconds(minReadySeconds + 1L));
      }
      return;
    }
    if (labelsChanged || refChanged) {
      matching(pod).forEach(rs -> queue.add(ObjectKey.of(rs)));
    }
  }

  void podDeleted(Pod pod) {
    OwnerReference ref = ControllerRefs.controllerOf(pod);
    if (ref == null) {
      return;
    }
    ReplicaSet rs = resolve(pod.getMetadata().getNamespace(), ref);
    if (rs == null) {
      return;
    }
    ObjectKey key = ObjectKey.of(rs);
    expectations.deletionObserved(key, Pods.key(pod));
    queue.add(key);
  }

  /** The cached ReplicaSet a controller reference names, if it is of this kind and has that uid. */
  private ReplicaSet resolve(String namespace, OwnerReference ref) {
    if (!ControllerRefs.controlledByKind(ref, kind.group(), kind.kind())) {
      return null;
    }
    ReplicaSet rs = sets.get(namespace, ref.getName());
    return rs != null && Objects.equals(rs.getMetadata().getUid(), ref.getUid()) ? rs : null;
  }

  /** ReplicaSets in the pod's namespace whose non-empty selector matches it. */
  private List<ReplicaSet> matching(Pod pod) {
    return sets.list(pod.getMetadata().getNamespace()).stream().filter(rs -> {
      try {
        Selector s = Selector.of(rs.getSpec().getSelector());
        return !s.isEverything() && s.matches(pod.getMetadata().getLabels());
      } catch (IllegalArgumentException e) {
        return false;
      }
    }).toList();
  }
}
