package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.resource.ResourceType;

/**
 * Applies a PATCH body to an object's JSON. Implementations are pure (they return a new tree and
 * never change their arguments) and thread-safe.
 */
@FunctionalInterface
interface Patcher {

  /**
   * @param type the resource being patched (strategic merge needs its schema)
   * @param mediaType the patch's Content-Type: json-patch, merge-patch or strategic-merge-patch
   * @param current the current object
   * @param patch the patch document
   * @return the patched object
   */
  ObjectNode apply(ResourceType type, String mediaType, ObjectNode current, JsonNode patch);
}
