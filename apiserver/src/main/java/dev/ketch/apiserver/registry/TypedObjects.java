package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** Between the JSON trees the API reads and stores and the fabric8 objects strategies work on. */
final class TypedObjects {

  private TypedObjects() {}

  /**
   * The object as its model class; a body whose fields have the wrong types is a 400 worded as
   * kube-apiserver words decoding errors.
   */
  static HasMetadata toTyped(ResourceType type, ObjectNode tree) {
    try {
      HasMetadata object = Json.mapper().treeToValue(tree, type.modelClass());
      if (object.getMetadata() == null) {
        object.setMetadata(new ObjectMeta());
      }
      return object;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw StatusException.badRequest(
          type.kind() + " in version \"" + type.groupVersion().version() + "\" cannot be handled as a "
              + type.kind() + ": " + firstLine(detail));
    }
  }

  static ObjectNode toTree(HasMetadata object) {
    return Json.mapper().valueToTree(object);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid body";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
