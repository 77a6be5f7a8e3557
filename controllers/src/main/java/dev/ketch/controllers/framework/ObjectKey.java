package dev.ketch.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The key most controllers queue: an object's namespace (empty for cluster-scoped objects) and
 * name, written {@code namespace/name} or {@code name} as client-go's MetaNamespaceKeyFunc does.
 */
public record ObjectKey(String namespace, String name) {

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  public static ObjectKey of(HasMetadata object) {
    return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  public static ObjectKey clusterScoped(String name) {
    return new ObjectKey("", name);
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
