package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON merge patch ({@code application/merge-patch+json}, RFC 7386) as kube-apiserver applies it
 * (evanphx/json-patch v4): objects merge key by key, {@code null} removes a key, anything else
 * replaces. Like upstream it also drops {@code null}s from a value that is put in place of a
 * non-object (including {@code null} elements of arrays), while an array replacing an object is
 * taken as sent. kubectl label, annotate and scale and the fabric8 client send these.
 *
 * <p>Pure: neither argument is changed, the result is a new tree. Thread-safe.
 */
public final class MergePatch {

  private MergePatch() {}

  /**
   * Applies a request body to a stored object.
   *
   * @param document the stored object as JSON, an object
   * @param body the request body
   * @return the patched object
   * @throws StatusException 400 BadRequest if the body is not JSON ({@code error decoding patch:
   *     ...}), not an object, or {@code null} ({@code Invalid JSON Patch})
   */
  public static JsonNode apply(JsonNode document, byte[] body) {
    return apply(document, PatchBodies.readOrBadRequest(body));
  }

  /**
   * Applies a patch already read as JSON.
   *
   * @param document the stored object as JSON, an object
   * @param patch the patch, an object
   * @return the patched object
   * @throws StatusException 400 BadRequest if the patch is {@code null} or not an object
   */
  public static JsonNode apply(JsonNode document, JsonNode patch) {
    if (!document.isObject()) {
      throw new IllegalArgumentException("a merge patch applies to an object, not " + document.getNodeType());
    }
    if (patch == null || patch.isNull()) {
      throw PatchErrors.badRequest("Invalid JSON Patch");
    }
    if (!patch.isObject()) {
      throw PatchErrors.badRequest(
          "error decoding patch: json: cannot unmarshal "
              + GoValues.jsonTypeName(patch)
              + " into Go value of type map[string]interface {}");
    }
    ObjectNode result = document.deepCopy();
    mergeObjects(result, (ObjectNode) patch.deepCopy());
    return result;
  }

  private static void mergeObjects(ObjectNode doc, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        doc.remove(key);
        continue;
      }
      JsonNode current = doc.get(key);
      if (current == null || current.isNull()) {
        pruneNulls(value);
        doc.set(key, value);
      } else {
        doc.set(key, merge(current, value));
      }
    }
  }

  private static JsonNode merge(JsonNode current, JsonNode patch) {
    if (!current.isObject()) {
      pruneNulls(patch);
      return patch;
    }
    if (!patch.isObject()) {
      return patch;
    }
    mergeObjects((ObjectNode) current, (ObjectNode) patch);
    return current;
  }

  /** Drops null members and null array elements, at every depth. */
  private static void pruneNulls(JsonNode node) {
    if (node.isObject()) {
      List<String> nulls = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getValue().isNull()) {
          nulls.add(field.getKey());
        } else {
          pruneNulls(field.getValue());
        }
      }
      ((ObjectNode) node).remove(nulls);
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = array.size() - 1; i >= 0; i--) {
        if (array.get(i).isNull()) {
          array.remove(i);
        } else {
          pruneNulls(array.get(i));
        }
      }
    }
  }
}
