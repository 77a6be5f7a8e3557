package dev.ketch.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The API versions one kind of object is served in, and conversion between them: managers record
 * the version they wrote with, and their fields are compared in that version. A kind served in one
 * version converts nothing; events, served as core/v1 and events.k8s.io/v1 from one storage,
 * convert between the two. Implementations are thread-safe.
 */
public interface ObjectVersions {

  /** The model class of the object in an API version, or empty if the kind is not served in it. */
  Optional<Class<?>> modelClass(String apiVersion);

  /**
   * The object in another served version's form; the argument is not changed.
   *
   * @throws IllegalArgumentException if either version is not served
   */
  ObjectNode convert(ObjectNode object, String fromApiVersion, String toApiVersion);

  /** A kind served in one version only. */
  static ObjectVersions single(String apiVersion, Class<?> modelClass) {
    return new ObjectVersions() {
      @Override
      public Optional<Class<?>> modelClass(String v) {
        return apiVersion.equals(v) ? Optional.of(modelClass) : Optional.empty();
      }

      @Override
      public ObjectNode convert(ObjectNode object, String from, String to) {
        if (!apiVersion.equals(from) || !apiVersion.equals(to)) {
          throw new IllegalArgumentException("only " + apiVersion + " is served, not " + from + " to " + to);
        }
        return object.deepCopy();
      }
    };
  }
}
