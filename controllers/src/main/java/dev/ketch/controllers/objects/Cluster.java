package dev.ketch.controllers.objects;

import dev.ketch.controllers.cache.ObjectCache;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a controller's reconcile logic sees of the cluster: a cached {@link ObjectCache} and a {@link
 * ResourceClient} per type. In the controller manager both come from the API (shared informers and
 * the manager's client); unit tests use an in-memory fake.
 *
 * <p>Implementations are thread-safe and return the same lister and client for a type each time.
 */
public interface Cluster {

  /** The cache of {@code type}; its informer starts with the manager's. */
  <T extends HasMetadata> ObjectCache<T> lister(Class<T> type);

  /** Writes of {@code type}. */
  <T extends HasMetadata> ResourceClient<T> client(Class<T> type);
}
