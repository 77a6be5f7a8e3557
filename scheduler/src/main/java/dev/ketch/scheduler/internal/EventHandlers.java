package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.cache.SchedulerCache;
import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.Framework;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.WaitingPod;
import dev.ketch.scheduler.queue.SchedulingQueue;
import dev.ketch.scheduler.resource.PodRequests;
import dev.ketch.scheduler.resource.Resource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What informer events do, as upstream's {@code eventhandlers.go}: pods bound to nodes go to the
 * cache (confirming assumed ones), pending pods of this scheduler's profiles go to the queue (pods
 * for other schedulers are left alone), and every change that could make waiting pods fit is
 * passed to the queue as a {@link ClusterEvent}. Handlers only update in-memory state; they never
 * call the API. Run on informer threads.
 */
final class EventHandlers {

  private final SchedulerCache cache;
  private final SchedulingQueue queue;
  private final Map<String, Framework> profiles;

  EventHandlers(SchedulerCache cache, SchedulingQueue queue, Map<String, Framework> profiles) {
    this.cache = cache;
    this.queue = queue;
    this.profiles = profiles;
  }

  void register(ClusterInformers informers) {
    informers.handle(informers.pods, new Handler<>(this::podAdded, this::podUpdated, this::podDeleted));
    informers.handle(informers.nodes, new Handler<>(this::nodeAdded, this::nodeUpdated, this::nodeDeleted));
    informers.handle(informers.pvcs, other(ClusterEvent.Resource.PERSISTENT_VOLUME_CLAIM));
    informers.handle(informers.pvs, other(ClusterEvent.Resource.PERSISTENT_VOLUME));
    informers.handle(informers.storageClasses, other(ClusterEvent.Resource.STORAGE_CLASS));
  }

  private <T> Handler<T> other(ClusterEvent.Resource resource) {
    return new Handler<>(
        obj -> queue.onEvent(new ClusterEvent(resource, ClusterEvent.ADD), null, obj),
        (o, n) -> queue.onEvent(new ClusterEvent(resource, ClusterEvent.UPDATE_OTHER), o, n),
        obj -> queue.onEvent(new ClusterEvent(resource, ClusterEvent.DELETE), obj, null));
  }

  static boolean assigned(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  private boolean responsible(Pod pod) {
    return profiles.containsKey(PodInfo.schedulerNameOf(pod));
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  void podAdded(Pod pod) {
    if (assigned(pod)) {
      if (!finished(pod)) {
        cache.addPod(pod);
        queue.onEvent(ClusterEvent.ASSIGNED_POD_ADD, null, pod);
      }
    } else if (responsible(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
      queue.add(pod);
    }
  }

  void podUpdated(Pod oldPod, Pod newPod) {
    if (assigned(oldPod)) {
      if (finished(newPod)) {
        // A finished pod no longer holds resources.
        cache.removePod(newPod);
        queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETE, oldPod, null);
        return;
      }
      cache.updatePod(newPod);
      int actions = 0;
      if (!Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
        actions |= ClusterEvent.UPDATE_POD_LABEL;
      }
      if (scaledDown(oldPod, newPod)) {
        actions |= ClusterEvent.UPDATE_POD_SCALE_DOWN;
      }
      if (actions != 0) {
        queue.onEvent(new ClusterEvent(ClusterEvent.Resource.ASSIGNED_POD, actions), oldPod, newPod);
      }
    } else if (assigned(newPod)) {
      // Bound (by us, confirming the assumed pod, or by someone else).
      queue.delete(newPod);
      cache.addPod(newPod);
      queue.onEvent(ClusterEvent.ASSIGNED_POD_ADD, null, newPod);
    } else if (responsible(newPod)) {
      if (newPod.getMetadata().getDeletionTimestamp() != null) {
        queue.delete(newPod);
      } else {
        queue.update(oldPod, newPod);
        if (!Objects.equals(oldPod.getSpec().getTolerations(), newPod.getSpec().getTolerations())) {
          queue.onEvent(new ClusterEvent(ClusterEvent.Resource.POD, ClusterEvent.UPDATE_POD_TOLERATION), oldPod, newPod);
        }
      }
    }
  }

  void podDeleted(Pod pod) {
    if (assigned(pod)) {
      cache.removePod(pod);
      queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETE, pod, null);
      return;
    }
    queue.delete(pod);
    String uid = PodInfo.uidOf(pod);
    for (Framework f : profiles.values()) {
      WaitingPod w = f.waitingPod(uid);
      if (w != null) {
        w.reject("", "pod deleted");
      }
    }
  }

  private static boolean scaledDown(Pod oldPod, Pod newPod) {
    Resource before = PodRequests.of(oldPod);
    Resource after = PodRequests.of(newPod);
    return after.milliCpu() < before.milliCpu() || after.memory() < before.memory()
        || after.ephemeralStorage() < before.ephemeralStorage();
  }

  void nodeAdded(Node node) {
    cache.addNode(node);
    queue.onEvent(ClusterEvent.NODE_ADD, null, node);
  }

  void nodeUpdated(Node oldNode, Node newNode) {
    cache.updateNode(newNode);
    int actions = nodeChanges(oldNode, newNode);
    if (actions != 0) {
      queue.onEvent(new ClusterEvent(ClusterEvent.Resource.NODE, actions), oldNode, newNode);
    }
  }

  void nodeDeleted(Node node) {
    cache.removeNode(node);
    queue.onEvent(new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.DELETE), node, null);
  }

  /** Which kinds of node update happened, as upstream's {@code nodeSchedulingPropertiesChange}. */
  static int nodeChanges(Node a, Node b) {
    int actions = 0;
    if (!Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())) {
      actions |= ClusterEvent.UPDATE_NODE_LABEL;
    }
    var sa = a.getSpec();
    var sb = b.getSpec();
    if (!Objects.equals(sa == null ? null : sa.getTaints(), sb == null ? null : sb.getTaints())
        || !Objects.equals(sa == null ? null : sa.getUnschedulable(), sb == null ? null : sb.getUnschedulable())) {
      actions |= ClusterEvent.UPDATE_NODE_TAINT;
    }
    var ta = a.getStatus();
    var tb = b.getStatus();
    if (!Objects.equals(ta == null ? null : ta.getAllocatable(), tb == null ? null : tb.getAllocatable())) {
      actions |= ClusterEvent.UPDATE_NODE_ALLOCATABLE;
    }
    if (!conditionStates(ta == null ? null : ta.getConditions()).equals(conditionStates(tb == null ? null : tb.getConditions()))) {
      actions |= ClusterEvent.UPDATE_NODE_CONDITION;
    }
    return actions;
  }

  private static Map<String, String> conditionStates(List<NodeCondition> conditions) {
    if (conditions == null) {
      return Map.of();
    }
    Map<String, String> m = new java.util.HashMap<>();
    conditions.forEach(c -> m.put(c.getType(), c.getStatus()));
    return m;
  }

  /** Adapts three lambdas to fabric8's handler; a delete with unknown final state is still a delete. */
  private record Handler<T>(Consumer<T> added, java.util.function.BiConsumer<T, T> updated, Consumer<T> deleted)
      implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      added.accept(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      updated.accept(oldObj, newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      deleted.accept(obj);
    }
  }
}
