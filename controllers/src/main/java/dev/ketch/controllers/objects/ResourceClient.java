package dev.ketch.controllers.objects;

import dev.ketch.controllers.client.ApiErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.UnaryOperator;

/**
 * Writes (and live reads) of one resource through the API. Failures are {@link
 * KubernetesClientException}s carrying the API's status code (see {@link ApiErrors}): 404 not
 * found, 409 conflict or already exists, 422 invalid, 403 forbidden.
 *
 * <p>Implementations are thread-safe; objects passed in are not changed.
 *
 * @param <T> the object type
 */
public interface ResourceClient<T extends HasMetadata> {

  /** A live read (not from a cache): the object, or null if it does not exist. */
  T get(String namespace, String name);

  /** Creates {@code object} (named, or with {@code generateName}); returns what the API stored. */
  T create(T object);

  /** Replaces the object; fails with 409 if its resourceVersion is set and stale. */
  T update(T object);

  /** Replaces the object's status subresource; fails with 409 if its resourceVersion is stale. */
  T updateStatus(T object);

  /**
   * Deletes the object.
   *
   * @return false if it did not exist
   */
  boolean delete(String namespace, String name, Deletion deletion);

  /**
   * Reads the object live, applies {@code change} to it and writes it back, again from a fresh
   * read when the write conflicts (up to 5 times), as client-go's RetryOnConflict.
   *
   * @param change returns the object to write (it may change its argument), or null to write
   *     nothing
   * @return the object written, or null if it does not exist or nothing was written
   */
  default T edit(String namespace, String name, UnaryOperator<T> change) {
    return retryOnConflict(namespace, name, change, false);
  }

  /** As {@link #edit}, for the status subresource. */
  default T editStatus(String namespace, String name, UnaryOperator<T> change) {
    return retryOnConflict(namespace, name, change, true);
  }

  private T retryOnConflict(String namespace, String name, UnaryOperator<T> change, boolean status) {
    for (int attempt = 1; ; attempt++) {
      T current = get(namespace, name);
      if (current == null) {
        return null;
      }
      T changed = change.apply(current);
      if (changed == null) {
        return null;
      }
      try {
        return status ? updateStatus(changed) : update(changed);
      } catch (KubernetesClientException e) {
        if (ApiErrors.isNotFound(e)) {
          return null;
        }
        if (!ApiErrors.isConflict(e) || attempt >= 5) {
          throw e;
        }
      }
    }
  }
}
