package dev.ketch.apiserver.openapi;

import java.util.List;
import java.util.Optional;

/**
 * Strategic-merge metadata of the model's fields, published in the OpenAPI documents as {@code
 * x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key}, {@code
 * x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys}. kubectl's client-side apply
 * reads them (from v3 since kubectl 1.29, from v2 before) to compute three-way strategic merge
 * patches, so they must agree with what the server's patch implementation does.
 *
 * <p>Fields are named by the fabric8 model class that declares them and their JSON name, e.g.
 * {@code (PodSpec.class, "containers")} has strategy {@code merge} and merge key {@code name}.
 * Implementations must be thread-safe and give the same answer every time: the documents are
 * computed once, at start-up.
 */
public interface PatchHints {

  /** The patch strategy of a field, e.g. {@code merge}, {@code retainKeys} or {@code merge,retainKeys}. */
  Optional<String> strategy(Class<?> owner, String jsonField);

  /** The field that identifies elements of a merged list, e.g. {@code name}. */
  Optional<String> mergeKey(Class<?> owner, String jsonField);

  /** The list type of an array field: {@code atomic}, {@code set} or {@code map}. */
  default Optional<String> listType(Class<?> owner, String jsonField) {
    return Optional.empty();
  }

  /** The keys of a {@code map} list, e.g. {@code [containerPort, protocol]}; empty otherwise. */
  default List<String> listMapKeys(Class<?> owner, String jsonField) {
    return List.of();
  }

  /** No metadata at all: every list is replaced whole by a strategic merge patch. */
  static PatchHints none() {
    return new PatchHints() {
      @Override
      public Optional<String> strategy(Class<?> owner, String jsonField) {
        return Optional.empty();
      }

      @Override
      public Optional<String> mergeKey(Class<?> owner, String jsonField) {
        return Optional.empty();
      }
    };
  }
}
