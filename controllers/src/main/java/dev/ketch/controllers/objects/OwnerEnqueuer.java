package dev.ketch.controllers.objects;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An informer event handler for objects a controller owns (pods, revisions): each event queues
 * the key of the object's controller, if that is an owner of the controller's kind still in its
 * cache with the referenced uid; an orphan queues every owner in its namespace whose selector
 * matches it, so that one of them adopts it. An update that changed the labels or the controller
 * reference also queues the old controller. Does no other work.
 *
 * @param <T> the owned type
 * @param <O> the owner type
 */
public final class OwnerEnqueuer<T extends HasMetadata, O extends HasMetadata> implements ResourceEventHandler<T> {

  private final Consumer<ObjectKey> enqueue;
  private final ObjectCache<O> owners;
  private final String group;
  private final String kind;
  private final Function<O, LabelSelector> selector;

  /**
   * @param enqueue queues an owner's key (at once or after a delay)
   * @param group the owner kind's API group ({@code apps}, {@code batch})
   * @param kind the owner kind
   * @param selector an owner's selector, for orphans; null to ignore orphans
   */
  public OwnerEnqueuer(Consumer<ObjectKey> enqueue, ObjectCache<O> owners, String group, String kind, Function<O, LabelSelector> selector) {
    this.enqueue = enqueue;
    this.owners = owners;
    this.group = group;
    this.kind = kind;
    this.selector = selector;
  }

  @Override
  public void onAdd(T obj) {
    enqueue(obj, true);
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    if (Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
      return;
    }
    OwnerReference before = ControllerRefs.controllerOf(oldObj);
    OwnerReference after = ControllerRefs.controllerOf(newObj);
    boolean labelsChanged = !Objects.equals(oldObj.getMetadata().getLabels(), newObj.getMetadata().getLabels());
    if (before != null && (after == null || !before.getUid().equals(after.getUid()))) {
      enqueueController(oldObj, before);
    }
    enqueue(newObj, labelsChanged || after == null);
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    OwnerReference ref = ControllerRefs.controllerOf(obj);
    if (ref != null) {
      enqueueController(obj, ref);
    }
  }

  private void enqueue(T obj, boolean orphansToo) {
    OwnerReference ref = ControllerRefs.controllerOf(obj);
    if (ref != null) {
      enqueueController(obj, ref);
      return;
    }
    if (!orphansToo || selector == null || obj.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    for (O owner : owners.list(obj.getMetadata().getNamespace())) {
      if (Selector.matches(selector.apply(owner), obj.getMetadata().getLabels())) {
        enqueue.accept(ObjectKey.of(owner));
      }
    }
  }

  private void enqueueController(T obj, OwnerReference ref) {
    if (!ControllerRefs.controlledByKind(ref, group, kind)) {
      return;
    }
    O owner = owners.get(obj.getMetadata().getNamespace(), ref.getName());
    if (owner != null && ref.getUid().equals(owner.getMetadata().getUid())) {
      enqueue.accept(ObjectKey.of(owner));
    }
  }
}
