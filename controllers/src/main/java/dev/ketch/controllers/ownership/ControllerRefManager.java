package dev.ketch.controllers.ownership;

import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.client.JsonPatch;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.labels.Selector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the objects a controller owns, as upstream's ControllerRefManager: an object whose
 * controller reference names the controller is kept while the selector matches it and released
 * (its reference removed) when it no longer does; an orphan that matches is adopted (a controller
 * reference added). Objects controlled by someone else are never touched. A controller being
 * deleted neither adopts nor releases.
 *
 * <p>Writes are JSON patches that {@code test} the object's uid, and for a release the reference
 * removed, so a patch never lands on a recreated object or a list that moved. Before its first
 * adoption it checks, live, that the controller still exists with the same uid and is not being
 * deleted ({@code canAdopt}), since the cached controller may be stale. One instance per claim
 * pass; not thread-safe.
 *
 * @param <T> the owned objects' type
 */
public final class ControllerRefManager<T extends HasMetadata> {

  private static final Logger log = LoggerFactory.getLogger(ControllerRefManager.class);

  private final HasMetadata controller;
  private final OwnerReference controllerRef;
  private final Selector selector;
  private final ResourceClient<T> objects;
  private final Supplier<String> canAdopt;
  private boolean adoptionChecked;
  private String adoptionRefused;

  /**
   * @param controller the owner (as cached)
   * @param controllerRef the reference written on adopted objects
   * @param selector what the owner selects
   * @param objects where adoptions and releases are written
   * @param canAdopt checks the owner live; null if it may adopt, else why not
   */
  public ControllerRefManager(HasMetadata controller, OwnerReference controllerRef, Selector selector,
      ResourceClient<T> objects, Supplier<String> canAdopt) {
    this.controller = Objects.requireNonNull(controller, "controller");
    this.controllerRef = controllerRef;
    this.selector = selector;
    this.objects = objects;
    this.canAdopt = canAdopt;
  }

  /**
   * A {@code canAdopt} check that reads the owner live through {@code owners}, as upstream's
   * RecheckDeletionTimestamp.
   */
  public static <O extends HasMetadata> Supplier<String> recheck(HasMetadata cached, ResourceClient<O> owners) {
    return () -> {
      O fresh = owners.get(cached.getMetadata().getNamespace(), cached.getMetadata().getName());
      if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(), cached.getMetadata().getUid())) {
        return "original " + cached.getMetadata().getNamespace() + "/" + cached.getMetadata().getName() + " is gone: got uid "
            + (fresh == null ? "none" : fresh.getMetadata().getUid()) + ", wanted " + cached.getMetadata().getUid();
      }
      if (fresh.getMetadata().getDeletionTimestamp() != null) {
        return cached.getMetadata().getNamespace() + "/" + cached.getMetadata().getName() + " has just been deleted at "
            + fresh.getMetadata().getDeletionTimestamp();
      }
      return null;
    };
  }

  /**
   * The objects of {@code candidates} the controller owns after adopting and releasing (an adopted
   * object as the API answered the adoption, so later writes see its new version). Objects
   * that could not be adopted or released because they are gone are left out; other write
   * failures are collected and thrown together once every object has been looked at.
   *
   * @throws ClaimException if some adoption or release failed
   */
  public List<T> claim(List<T> candidates) {
    List<T> claimed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (T object : candidates) {
      try {
        T owned = claimOne(object);
        if (owned != null) {
          claimed.add(owned);
        }
      } catch (RuntimeException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new ClaimException(errors);
    }
    return claimed;
  }

  /** The object if the controller owns it (after adopting it), else null. */
  private T claimOne(T object) {
    OwnerReference ref = ControllerRefs.controllerOf(object);
    String uid = controller.getMetadata().getUid();
    boolean controllerDeleting = controller.getMetadata().getDeletionTimestamp() != null;
    if (ref != null) {
      if (!Objects.equals(ref.getUid(), uid)) {
        return null;
      }
      if (selector.matches(object.getMetadata().getLabels())) {
        return object;
      }
      if (!controllerDeleting) {
        release(object);
      }
      return null;
    }
    if (controllerDeleting || !selector.matches(object.getMetadata().getLabels())
        || object.getMetadata().getDeletionTimestamp() != null
        || !Objects.equals(controller.getMetadata().getNamespace(), object.getMetadata().getNamespace())) {
      return null;
    }
    return adopt(object);
  }

  private T adopt(T object) {
    if (!adoptionChecked) {
      adoptionChecked = true;
      adoptionRefused = canAdopt.get();
    }
    if (adoptionRefused != null) {
      throw new IllegalStateException("can't adopt " + object.getKind() + " " + object.getMetadata().getName() + ": " + adoptionRefused);
    }
    var meta = object.getMetadata();
    JsonPatch patch = new JsonPatch().test("/metadata/uid", meta.getUid());
    if (meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty()) {
      patch.add("/metadata/ownerReferences", List.of(controllerRef));
    } else {
      patch.add("/metadata/ownerReferences/-", controllerRef);
    }
    try {
      T adopted = objects.jsonPatch(meta.getNamespace(), meta.getName(), patch);
      log.debug("adopted object={}/{} owner={}", meta.getNamespace(), meta.getName(), controller.getMetadata().getName());
      return adopted;
    } catch (RuntimeException e) {
      if (ApiErrors.isNotFound(e)) {
        return null;
      }
      throw e;
    }
  }

  private void release(T object) {
    var meta = object.getMetadata();
    List<OwnerReference> refs = meta.getOwnerReferences();
    int index = -1;
    for (int i = 0; i < refs.size(); i++) {
      if (Objects.equals(refs.get(i).getUid(), controller.getMetadata().getUid())) {
        index = i;
        break;
      }
    }
    JsonPatch patch = new JsonPatch().test("/metadata/uid", meta.getUid())
        .test("/metadata/ownerReferences/" + index + "/uid", controller.getMetadata().getUid())
        .remove("/metadata/ownerReferences/" + index);
    try {
      objects.jsonPatch(meta.getNamespace(), meta.getName(), patch);
      log.debug("released object={}/{} owner={}", meta.getNamespace(), meta.getName(), controller.getMetadata().getName());
    } catch (RuntimeException e) {
      // Gone, or no longer the object or reference we saw: either way it is not ours any more.
      if (!ApiErrors.isNotFound(e) && !ApiErrors.isInvalid(e)) {
        throw e;
      }
    }
  }

  /** Adoptions or releases that failed; the claim is retried with the owner's back-off. */
  public static final class ClaimException extends RuntimeException {
    public ClaimException(List<String> errors) {
      super(String.join("; ", errors));
    }
  }
}
