package dev.ketch.controllers.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/** Controller references: the one owner reference with {@code controller: true}. */
public final class ControllerRefs {

  private ControllerRefs() {}

  /** The controller reference of {@code object}, or null. */
  public static OwnerReference controllerOf(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    if (refs == null) {
      return null;
    }
    for (OwnerReference r : refs) {
      if (Boolean.TRUE.equals(r.getController())) {
        return r;
      }
    }
    return null;
  }

  /** Whether {@code object}'s controller is the object with {@code ownerUid}. */
  public static boolean isControlledBy(HasMetadata object, String ownerUid) {
    OwnerReference ref = controllerOf(object);
    return ref != null && ownerUid.equals(ref.getUid());
  }

  /** True if {@code object}'s controller reference names {@code kind} (any version of its group). */
  public static boolean controlledByKind(OwnerReference ref, String group, String kind) {
    if (ref == null || !kind.equals(ref.getKind())) {
      return false;
    }
    String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
    String refGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return refGroup.equals(group);
  }

  /**
   * A controller reference to {@code owner}, blocking its foreground deletion, as controllers
   * write on what they create.
   */
  public static OwnerReference newControllerRef(HasMetadata owner, String apiVersion, String kind) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
