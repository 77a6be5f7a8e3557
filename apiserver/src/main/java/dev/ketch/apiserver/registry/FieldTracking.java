package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.fieldmanager.FieldManager;
import dev.ketch.apiserver.fieldmanager.ObjectVersions;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The field management of one resource's writes: every create, update and patch records its
 * manager in {@code metadata.managedFields}, and applies merge through the {@link FieldManager}.
 * The fields the resource's strategy resets for a subresource are never owned through it.
 * Writes of the server's own (pods/binding) are not tracked, as upstream does not track them.
 * Thread-safe.
 */
final class FieldTracking {

  private static final TypeReference<List<ManagedFieldsEntry>> ENTRIES = new TypeReference<>() {};

  private final ResourceType type;
  private final ResourceStrategy strategy;
  private final FieldManager manager;
  private final ObjectVersions versions;

  FieldTracking(ResourceType type, ResourceStrategy strategy, FieldManager manager, ObjectVersions versions) {
    this.type = type;
    this.strategy = strategy;
    this.manager = manager;
    this.versions = versions;
  }

  /** What a write through {@code subresource} is, for the field manager. */
  FieldManager.Scope scope(String subresource) {
    FieldSet.Builder reset = new FieldSet.Builder();
    for (List<String> path : strategy.resetFields(subresource)) {
      reset.insert(FieldPath.fields(path.toArray(String[]::new)));
    }
    return new FieldManager.Scope(type.apiVersion(), type.kind(), versions, subresource, reset.build());
  }

  /**
   * Records a create (no {@code live}), update or patch of {@code object} by the options' manager,
   * setting the object's managed fields; nothing when the options say they are already set.
   */
  void recordWrite(ObjectNode live, HasMetadata object, WriteOptions options, String subresource) {
    if (options.managedFieldsSet() || "binding".equals(subresource)) {
      return;
    }
    ObjectNode tree = TypedObjects.toTree(object);
    manager.update(scope(subresource), live, tree, options.fieldManager());
    JsonNode entries = tree.path("metadata").get("managedFields");
    object.getMetadata().setManagedFields(entries == null ? new ArrayList<>() : Json.mapper().convertValue(entries, ENTRIES));
  }

  /** Merges an applied configuration into {@code live} (null if there is none); see {@link FieldManager#apply}. */
  ObjectNode apply(ObjectNode live, ObjectNode config, String fieldManager, boolean force, String subresource) {
    return manager.apply(scope(subresource), live, config, fieldManager, force);
  }
}
