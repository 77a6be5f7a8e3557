package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.storage.ObjectCodec;
import dev.ketch.apiserver.storage.StorageException;
import dev.ketch.apiserver.storage.StoredObject;
import dev.ketch.apiserver.validation.MetadataValidation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Updates (PUT) and patches of one resource's objects, with Kubernetes' optimistic concurrency:
 * an update naming a resourceVersion that is no longer current is a 409 Conflict; one without a
 * resourceVersion, and every patch that does not name one, is retried against the newest object.
 * A write that changes nothing is not stored, so the resourceVersion does not move. Removing the
 * last finalizer of an object being deleted deletes it.
 */
final class ObjectUpdates {

  /** A change to apply to the current object's JSON, returning the new JSON. */
  @FunctionalInterface
  public interface Patch {
    ObjectNode apply(ObjectNode current);
  }

  private static final int MAX_ATTEMPTS = 10;
  static final String MODIFIED = "the object has been modified; please apply your changes to the latest version and try again";

  private final ResourceRegistry registry;

  ObjectUpdates(ResourceRegistry registry) {
    this.registry = registry;
  }

  ObjectNode update(String namespace, String name, ObjectNode body, WriteOptions options, String subresource) {
    registry.checkTypeMeta(body);
    ObjectNode meta = ResourceRegistry.metadata(body);
    String bodyName = meta.path("name").asText("");
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw StatusException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
    }
    meta.put("name", name);
    if (registry.type().namespaced()) {
      String bodyNs = meta.path("namespace").asText("");
      if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
        throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", namespace);
    }
    String wanted = meta.path("resourceVersion").asText("");
    if (wanted.isEmpty() && !registry.strategy().allowUnconditionalUpdate()) {
      throw StatusException.invalid(registry.type(), name,
          List.of(new Cause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")));
    }
    for (int attempt = 0; ; attempt++) {
      StoredObject current = registry.current(namespace, name);
      if (current == null) {
        if (registry.strategy().allowCreateOnUpdate() && subresource.isEmpty()) {
          meta.remove("resourceVersion");
          return registry.create(namespace, body, options);
        }
        throw StatusException.notFound(registry.type(), name);
      }
      if (!wanted.isEmpty() && ResourceVersions.parse(wanted) != current.resourceVersion()) {
        throw StatusException.conflict(registry.type(), name, MODIFIED);
      }
      try {
        return write(current, body.deepCopy(), options, subresource);
      } catch (StorageException.Conflict e) {
        if (!wanted.isEmpty() || attempt >= MAX_ATTEMPTS) {
          throw StatusException.conflict(registry.type(), name, MODIFIED);
        }
      }
    }
  }

  ObjectNode patch(String namespace, String name, Patch patch, WriteOptions options, String subresource) {
    for (int attempt = 0; ; attempt++) {
      StoredObject current = registry.current(namespace, name);
      if (current == null) {
        throw StatusException.notFound(registry.type(), name);
      }
      ObjectNode patched = patch.apply(current.object().deepCopy());
      String rv = patched.path("metadata").path("resourceVersion").asText("");
      boolean pinned = !rv.isEmpty() && !rv.equals(Long.toString(current.resourceVersion()));
      if (pinned) {
        // The patch itself names a resourceVersion that is not the current one.
        throw StatusException.conflict(registry.type(), name, MODIFIED);
      }
      ObjectNode meta = ResourceRegistry.metadata(patched);
      if (!name.equals(meta.path("name").asText(name))) {
        throw StatusException.badRequest("the name of the object (" + meta.path("name").asText() + ") does not match the name on the URL (" + name + ")");
      }
      registry.checkTypeMeta(patched);
      try {
        return write(current, patched, options, subresource);
      } catch (StorageException.Conflict e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw StatusException.conflict(registry.type(), name, MODIFIED);
        }
      }
    }
  }

  /**
   * Server-side apply: the field manager merges the configuration into the current object (or
   * into nothing, creating it), then the result goes through the ordinary write path with its
   * managed fields as computed. Retried against the newest object when it changes meanwhile.
   */
  ResourceRegistry.ApplyResult apply(String namespace, String name, ObjectNode config, String manager, boolean force,
      WriteOptions options, String subresource) {
    ObjectNode configMeta = ResourceRegistry.metadata(config);
    String configName = configMeta.path("name").asText("");
    if (!configName.isEmpty() && !configName.equals(name)) {
      throw StatusException.badRequest("the name of the object (" + configName + ") does not match the name on the URL (" + name + ")");
    }
    if (registry.type().namespaced()) {
      String configNs = configMeta.path("namespace").asText("");
      if (!configNs.isEmpty() && !configNs.equals(namespace)) {
        throw StatusException.badRequest(
            "the namespace of the object (" + configNs + ") does not match the namespace on the URL (" + namespace + ")");
      }
    }
    WriteOptions computed = options.withManagedFieldsSet();
    for (int attempt = 0; ; attempt++) {
      StoredObject current = registry.current(namespace, name);
      if (current == null) {
        if (!subresource.isEmpty()) {
          throw StatusException.notFound(registry.type(), name);
        }
        String uid = configMeta.path("uid").asText("");
        if (!uid.isEmpty()) {
          throw StatusException.conflict(registry.type(), name,
              "uid mismatch: the provided object specified uid " + uid + ", and no existing object was found");
        }
        ObjectNode created = registry.fields().apply(null, config, manager, force, subresource);
        ObjectNode meta = ResourceRegistry.metadata(created);
        meta.put("name", name);
        if (registry.type().namespaced()) {
          meta.put("namespace", namespace);
        }
        try {
          return new ResourceRegistry.ApplyResult(registry.create(namespace, created, computed), true);
        } catch (StatusException e) {
          if (e.reason() != Reason.ALREADY_EXISTS || attempt >= MAX_ATTEMPTS) {
            throw e;
          }
          continue;
        }
      }
      ObjectNode merged = registry.fields().apply(current.object(), config, manager, force, subresource);
      String rv = merged.path("metadata").path("resourceVersion").asText("");
      if (!rv.isEmpty() && !rv.equals(Long.toString(current.resourceVersion()))) {
        throw StatusException.conflict(registry.type(), name, MODIFIED);
      }
      registry.checkTypeMeta(merged);
      try {
        return new ResourceRegistry.ApplyResult(write(current, merged, computed, subresource), false);
      } catch (StorageException.Conflict e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw StatusException.conflict(registry.type(), name, MODIFIED);
        }
      }
    }
  }

  /**
   * Prepares, admits, validates and stores {@code next} over {@code current} if it still is the
   * stored object.
   *
   * @throws StorageException.Conflict if the object changed meanwhile
   */
  ObjectNode write(StoredObject current, ObjectNode next, WriteOptions options, String subresource) {
    ResourceStrategy strategy = registry.strategy();
    HasMetadata old = TypedObjects.toTyped(registry.type(), current.object());
    HasMetadata object = TypedObjects.toTyped(registry.type(), next);
    SystemMetadata.forUpdate(object.getMetadata(), old.getMetadata());
    boolean status = "status".equals(subresource);
    // binding and finalize are the server's own edits (a node name, the namespace finalizers)
    // computed from the stored object: the policy of updates through the main resource, which
    // forbids exactly those changes, does not apply to them.
    boolean serverEdit = "binding".equals(subresource) || "finalize".equals(subresource);
    if (!status && !serverEdit) {
      strategy.applyDefaults(object);
    }
    // Ownership is recorded on the object as written, defaults included, before the strategy
    // resets what the client may not change (which is never owned through this write).
    registry.fields().recordWrite(current.object(), object, options, subresource);
    if (status) {
      strategy.prepareForStatusUpdate(object, old);
    } else if (!serverEdit) {
      strategy.prepareForUpdate(object, old);
      if (strategy.tracksGeneration() && specChanged(object, old)) {
        Long generation = old.getMetadata().getGeneration();
        object.getMetadata().setGeneration(generation == null ? 1 : generation + 1);
      }
    }
    AdmissionRequest admission =
        new AdmissionRequest(AdmissionRequest.Operation.UPDATE, registry.type(), subresource,
            nullToEmpty(object.getMetadata().getNamespace()), object.getMetadata().getName(), object, old,
            options.userName(), options.userGroups(), options.dryRun(), registry.context().lookup());
    registry.context().admission().admit(admission);
    List<Cause> specific = status ? strategy.validateStatusUpdate(object, old)
        : serverEdit ? List.of() : strategy.validateUpdate(object, old);
    registry.validateOrThrow(object, registry.validateMetadata(object),
        MetadataValidation.validateUpdate(object.getMetadata(), old.getMetadata()),
        status || serverEdit ? List.of() : strategy.validate(object), specific);
    registry.context().admission().validate(admission);
    RegistryHooks.Pending pending = registry.hooks().beforeUpdate(object, old);
    ObjectNode tree = TypedObjects.toTree(object);
    ObjectCodec.setResourceVersion(tree, current.resourceVersion());
    // Numbers compare by value: the stored JSON reads back small longs as ints.
    boolean unchanged = Json.sameTree(tree, current.object());
    if (unchanged || options.dryRun()) {
      pending.rollback();
      return unchanged ? current.object() : tree;
    }
    if (object.getMetadata().getDeletionTimestamp() != null && isEmpty(object.getMetadata().getFinalizers())
        && !waitsForNamespaceFinalizers(object)) {
      // The last finalizer is gone: the deletion that was waiting for it completes.
      pending.rollback();
      registry.storage().delete(current.key(), current.resourceVersion());
      registry.hooks().afterDelete(old);
      return tree;
    }
    try {
      ObjectNode stored = registry.storage().update(current.key(), TypedObjects.toTree(object), current.resourceVersion()).object();
      pending.commit();
      return stored;
    } catch (StorageException.Conflict e) {
      pending.rollback();
      throw e;
    } catch (RuntimeException e) {
      pending.rollback();
      throw registry.translate(e, object.getMetadata().getName());
    }
  }

  private static boolean waitsForNamespaceFinalizers(HasMetadata object) {
    return object instanceof io.fabric8.kubernetes.api.model.Namespace ns
        && ns.getSpec() != null && !isEmpty(ns.getSpec().getFinalizers());
  }

  private static boolean specChanged(HasMetadata object, HasMetadata old) {
    return !TypedObjects.toTree(object).path("spec").equals(TypedObjects.toTree(old).path("spec"));
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
