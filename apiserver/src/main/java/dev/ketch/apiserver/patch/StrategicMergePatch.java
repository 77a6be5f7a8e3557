package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.Objects;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in types,
 * producing what kube-apiserver produces, element order included. Fields merge by the strategies
 * {@link PatchMetadata} declares for the model class: lists with {@code merge} are merged by their
 * merge key (objects) or by value (scalars) and all other lists are replaced; objects merge unless
 * their field says {@code replace}. The patch may carry every directive kubectl's patches contain:
 * {@code $patch: replace|delete} on an object, {@code $patch: delete|replace} on a list element,
 * {@code $setElementOrder/<field>}, {@code $deleteFromPrimitiveList/<field>}, {@code $retainKeys},
 * and {@code null} to delete a key.
 *
 * <p>Like upstream's merge, the result can hold keys the model does not know where a patch adds a
 * value verbatim (for instance a {@code $setElementOrder} list inside a new list element); decoding
 * the result with the request's field validation deals with them, as upstream's decoding does.
 *
 * <p>Pure: neither argument is changed, the result is a new tree. Immutable; thread-safe.
 */
public final class StrategicMergePatch {

  private final PatchMetadata metadata;

  public StrategicMergePatch(PatchMetadata metadata) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
  }

  /** A patcher for the built-in types. */
  public static StrategicMergePatch builtIn() {
    return new StrategicMergePatch(PatchMetadata.builtIn());
  }

  /**
   * Applies a request body to a stored object.
   *
   * @param type the fabric8 model class of the object, e.g. {@code Deployment.class}
   * @param original the stored object as JSON, an object
   * @param body the request body: a JSON object ({@code null} changes nothing)
   * @return the patched object
   * @throws StatusException 400 BadRequest if the body is not JSON or not an object, or a
   *     directive is malformed ({@code $retainKeys}, {@code $setElementOrder},
   *     {@code $deleteFromPrimitiveList}); 422 Invalid for a list of lists; 500 with upstream's
   *     message for anything else upstream refuses, e.g. a list element missing its merge key or
   *     an unknown {@code $patch} value
   */
  public JsonNode apply(Class<?> type, JsonNode original, byte[] body) {
    JsonNode patch;
    try {
      patch = PatchBodies.read(body);
    } catch (PatchBodies.MalformedJson e) {
      throw PatchErrors.badRequest(e.getMessage());
    }
    return apply(type, original, patch);
  }

  /** Applies a patch already read as JSON; see {@link #apply(Class, JsonNode, byte[])}. */
  public JsonNode apply(Class<?> type, JsonNode original, JsonNode patch) {
    Objects.requireNonNull(type, "type");
    if (!original.isObject()) {
      throw new IllegalArgumentException("a strategic merge patch applies to an object, not " + original.getNodeType());
    }
    if (patch == null || patch.isNull()) {
      return original.deepCopy();
    }
    if (!patch.isObject()) {
      throw PatchErrors.badRequest(
          "json: cannot unmarshal " + GoValues.jsonTypeName(patch) + " into Go value of type map[string]interface {}");
    }
    ObjectNode result = original.deepCopy();
    return new StrategicMerge().mergeMap(result, (ObjectNode) patch.deepCopy(), PatchSchema.of(metadata, type));
  }
}
