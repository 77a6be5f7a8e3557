package dev.ketch.controllers.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Read access to a cache of objects of one type, as client-go's listers: an informer's cache in a
 * running controller, an in-memory map in unit tests. Reads never go to the API server, so they
 * may be stale; objects returned are shared with the cache and must be copied before they are
 * changed.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <T> the object type
 */
public interface ObjectCache<T extends HasMetadata> {

  /** The object {@code namespace/name} (namespace empty for cluster-scoped objects), or null. */
  T get(String namespace, String name);

  /** Every cached object in {@code namespace}. */
  List<T> list(String namespace);

  /** Every cached object. */
  List<T> listAll();

  /**
   * The objects whose index {@code index} yields {@code value}.
   *
   * @throws IllegalArgumentException if the cache has no such index
   */
  List<T> byIndex(String index, String value);

  /** True once the cache holds a complete first list. */
  boolean hasSynced();
}
