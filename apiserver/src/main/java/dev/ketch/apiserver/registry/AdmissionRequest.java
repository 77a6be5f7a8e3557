package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * A write on its way to the store, as admission plugins see it.
 *
 * @param operation what is being done
 * @param type the resource
 * @param subresource the subresource written ("status", "binding", …), or empty
 * @param namespace the namespace, or empty
 * @param name the object's name (may be empty on create with generateName)
 * @param object the object as it will be stored (null for DELETE); mutating plugins change it
 * @param oldObject the stored object (null for CREATE)
 * @param userName who asks
 * @param userGroups the groups of who asks
 * @param dryRun whether nothing will be stored
 * @param lookup reads of other objects, for plugins that depend on them
 */
public record AdmissionRequest(
    Operation operation,
    ResourceType type,
    String subresource,
    String namespace,
    String name,
    HasMetadata object,
    HasMetadata oldObject,
    String userName,
    List<String> userGroups,
    boolean dryRun,
    ObjectLookup lookup) {

  public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    CONNECT
  }

  public AdmissionRequest {
    userGroups = List.copyOf(userGroups);
  }

  public boolean isMainResource() {
    return subresource.isEmpty();
  }
}
