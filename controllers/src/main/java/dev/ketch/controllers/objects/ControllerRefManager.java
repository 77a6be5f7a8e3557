package dev.ketch.controllers.objects;

import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Claims objects for a controller, as upstream's ControllerRefManager: an object it controls and
 * its selector still matches is kept; one it controls that no longer matches is released (its
 * reference removed); an orphan that matches is adopted (a controller reference added), unless the
 * owner is being deleted. Objects controlled by someone else are left alone.
 *
 * <p>Adoption and release write through {@link ResourceClient#edit}, re-checking on the fresh
 * object that it is the same object (uid) and still in the state that justified the change.
 *
 * @param <T> the type of the claimed objects
 */
public final class ControllerRefManager<T extends HasMetadata> {

  private final ResourceClient<T> client;
  private final HasMetadata owner;
  private final OwnerReference ref;
  private final Predicate<? super T> selects;
  private final BooleanSupplier canAdopt;
  private final UnaryOperator<T> onAdopt;
  private Boolean adoptable;

  /**
   * @param owner the controller
   * @param ref the controller reference adopted objects get
   * @param selects whether the owner's selector matches an object
   * @param canAdopt asked at most once, before the first adoption: a live check that the owner
   *     still exists with its uid and is not being deleted
   * @param onAdopt further changes to an object being adopted (e.g. a finalizer)
   */
  public ControllerRefManager(ResourceClient<T> client, HasMetadata owner, OwnerReference ref, Predicate<? super T> selects,
      BooleanSupplier canAdopt, UnaryOperator<T> onAdopt) {
    this.client = client;
    this.owner = owner;
    this.ref = ref;
    this.selects = selects;
    this.canAdopt = canAdopt;
    this.onAdopt = onAdopt;
  }

  /**
   * The objects among {@code candidates} the owner controls once claimed (adopted ones as the API
   * returned them).
   *
   * @throws RuntimeException the first failed adoption or release, after trying them all
   */
  public List<T> claim(List<T> candidates) {
    String ownerUid = owner.getMetadata().getUid();
    boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
    List<T> owned = new ArrayList<>();
    RuntimeException failure = null;
    for (T object : candidates) {
      OwnerReference controller = ControllerRefs.controllerOf(object);
      try {
        if (controller != null) {
          if (!controller.getUid().equals(ownerUid)) {
            continue;
          }
          if (selects.test(object) || ownerDeleting) {
            // While the owner is being deleted, what it owns stays with it.
            if (selects.test(object)) {
              owned.add(object);
            }
            continue;
          }
          release(object);
        } else if (!ownerDeleting && selects.test(object) && object.getMetadata().getDeletionTimestamp() == null && adoptable()) {
          T adopted = adopt(object);
          if (adopted != null) {
            owned.add(adopted);
          }
        }
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return owned;
  }

  private boolean adoptable() {
    if (adoptable == null) {
      adoptable = canAdopt.getAsBoolean();
    }
    return adoptable;
  }

  private T adopt(T object) {
    String uid = object.getMetadata().getUid();
    return client.edit(object.getMetadata().getNamespace(), object.getMetadata().getName(), fresh -> {
      if (!Objects.equals(fresh.getMetadata().getUid(), uid) || ControllerRefs.controllerOf(fresh) != null
          || fresh.getMetadata().getDeletionTimestamp() != null) {
        return null;
      }
      List<OwnerReference> refs = new ArrayList<>(fresh.getMetadata().getOwnerReferences() == null
          ? List.of() : fresh.getMetadata().getOwnerReferences());
      refs.removeIf(r -> r.getUid().equals(ref.getUid()));
      refs.add(ref);
      fresh.getMetadata().setOwnerReferences(refs);
      return onAdopt.apply(fresh);
    });
  }

  private void release(T object) {
    String uid = object.getMetadata().getUid();
    client.edit(object.getMetadata().getNamespace(), object.getMetadata().getName(), fresh -> {
      if (!Objects.equals(fresh.getMetadata().getUid(), uid) || fresh.getMetadata().getOwnerReferences() == null) {
        return null;
      }
      List<OwnerReference> refs = new ArrayList<>(fresh.getMetadata().getOwnerReferences());
      if (!refs.removeIf(r -> r.getUid().equals(ref.getUid()))) {
        return null;
      }
      fresh.getMetadata().setOwnerReferences(refs);
      return fresh;
    });
  }
}
