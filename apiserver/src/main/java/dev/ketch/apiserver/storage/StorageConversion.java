package dev.ketch.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the objects of a resource that is served as a view over another resource's storage are
 * kept there: converted into the stored resource's form on the way in and back on the way out, as
 * kube-apiserver keeps events.k8s.io/v1 Events as core/v1 Events. Registries, lists, paged reads
 * and watch caches of the view all go through one conversion, so the view has the same objects,
 * resourceVersions and watch events as the resource it shares storage with.
 *
 * <p>Implementations are stateless and thread-safe; they never change their argument.
 */
public interface StorageConversion {

  /** The form of a resource stored as itself. */
  StorageConversion IDENTITY = new StorageConversion() {
    @Override
    public ObjectNode toStorage(ObjectNode object) {
      return object;
    }

    @Override
    public ObjectNode fromStorage(ObjectNode stored) {
      return stored;
    }

    @Override
    public boolean isIdentity() {
      return true;
    }
  };

  /** The object of the view (with its apiVersion and kind) in the stored resource's form. */
  ObjectNode toStorage(ObjectNode object);

  /** A stored object in the view's form, with the view's apiVersion and kind. */
  ObjectNode fromStorage(ObjectNode stored);

  /** Whether objects are stored as they are (no copy is made either way). */
  default boolean isIdentity() {
    return false;
  }
}
