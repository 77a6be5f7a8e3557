package dev.ketch.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import dev.ketch.controllers.discovery.ApiResource;
import java.util.List;
import java.util.Set;

/**
 * A change the graph builder applies: an informer's add, update or delete of an object, or a
 * "virtual" delete the workers produce when an object they looked up does not exist.
 *
 * @param type what happened
 * @param object the object's state now (for a delete, its last state)
 * @param old its previous state for updates, else null
 * @param virtual produced by a worker, not observed by an informer
 */
record GraphEvent(Type type, State object, State old, boolean virtual) {

  enum Type {
    ADD,
    UPDATE,
    DELETE
  }

  /** The part of an object the garbage collector reads. */
  record State(ObjectIdentity identity, List<OwnerReference> owners, Set<String> finalizers, boolean beingDeleted) {

    State {
      owners = List.copyOf(owners);
      finalizers = Set.copyOf(finalizers);
    }

    static State of(ApiResource resource, GenericKubernetesResource object) {
      ObjectMeta meta = object.getMetadata();
      ObjectIdentity id = new ObjectIdentity(resource.apiVersion(), resource.kind(), meta.getNamespace(), meta.getName(), meta.getUid());
      List<OwnerReference> owners = meta.getOwnerReferences() == null ? List.of()
          : meta.getOwnerReferences().stream().filter(r -> r.getUid() != null).toList();
      return new State(id, owners,
          meta.getFinalizers() == null ? Set.of() : Set.copyOf(meta.getFinalizers()), meta.getDeletionTimestamp() != null);
    }

    boolean hasFinalizer(String f) {
      return finalizers.contains(f);
    }
  }
}
