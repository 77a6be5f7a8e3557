package dev.ketch.controllers.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/** Controller references, as apimachinery's metav1.GetControllerOf and NewControllerRef. */
public final class OwnerRefs {

  private OwnerRefs() {}

  /** The owner reference with {@code controller: true}, or null. */
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
    return ref != null && ref.getUid().equals(ownerUid);
  }

  /** Whether {@code object}'s controller reference is of {@code kind} in {@code group} (any version). */
  public static boolean controllerIs(OwnerReference ref, String group, String kind) {
    if (ref == null || !kind.equals(ref.getKind())) {
      return false;
    }
    String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
    int slash = apiVersion.indexOf('/');
    String refGroup = slash < 0 ? "" : apiVersion.substring(0, slash);
    return refGroup.equals(group);
  }

  /** A controller reference to {@code owner} that blocks its foreground deletion. */
  public static OwnerReference controllerRef(HasMetadata owner, String apiVersion, String kind) {
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
