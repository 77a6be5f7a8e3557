package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.Objects;

/**
 * Applies a PATCH request body to a stored object with the engine its patch type names. Whether a
 * type may be patched strategically (built-in types only; kube-apiserver answers 415 for custom
 * resources) is the caller's decision. Immutable; thread-safe.
 */
public final class Patcher {

  private final StrategicMergePatch strategic;

  public Patcher(PatchMetadata metadata) {
    this.strategic = new StrategicMergePatch(metadata);
  }

  /** A patcher for the built-in types. */
  public static Patcher builtIn() {
    return new Patcher(PatchMetadata.builtIn());
  }

  /**
   * The stored object with the patch applied; the stored object is not changed.
   *
   * @param type how the body is to be read
   * @param modelClass the fabric8 model class of the object, e.g. {@code Deployment.class}
   * @param current the stored object as JSON
   * @param body the request body
   * @throws StatusException as each engine documents, with kube-apiserver's codes and messages
   */
  public JsonNode apply(PatchType type, Class<?> modelClass, JsonNode current, byte[] body) {
    Objects.requireNonNull(type, "type");
    return switch (type) {
      case JSON_PATCH -> JsonPatch.apply(current, body);
      case MERGE_PATCH -> MergePatch.apply(current, body);
      case STRATEGIC_MERGE_PATCH -> strategic.apply(modelClass, current, body);
    };
  }
}
