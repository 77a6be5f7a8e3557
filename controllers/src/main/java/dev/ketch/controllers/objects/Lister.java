package dev.ketch.controllers.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Reads of one resource from a cache that a watch keeps current, as client-go's listers. What it
 * returns may lag the API by a few events; callers must not change the objects it returns (copy
 * them first).
 *
 * <p>Implementations are thread-safe.
 *
 * @param <T> the object type
 */
public interface Lister<T extends HasMetadata> {

  /** The cached object {@code namespace/name} (namespace empty for cluster-scoped ones), or null. */
  T get(String namespace, String name);

  /** The cached objects of {@code namespace}, in no particular order. */
  List<T> list(String namespace);

  /** Every cached object, in no particular order. */
  List<T> listAll();
}
