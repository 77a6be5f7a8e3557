package dev.ketch.controllers.client;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The writes a controller makes to objects of one type, and the live read it needs when a cached
 * copy was too old. Every call is one API request: the client, not the caller, owns retries of
 * transport failures, and API failures surface as {@link
 * io.fabric8.kubernetes.client.KubernetesClientException}s with the server's Status (see {@link
 * ApiErrors}).
 *
 * <p>Implementations are thread-safe.
 *
 * @param <T> the object type
 */
public interface ResourceClient<T extends HasMetadata> {

  /** The object as the API server has it now, or null if it does not exist. */
  T get(String namespace, String name);

  /** Creates {@code object} in its namespace; {@code metadata.generateName} is honoured. */
  T create(T object);

  /**
   * Replaces the object (PUT). A {@code metadata.resourceVersion} makes it conditional: the
   * server answers 409 Conflict if the object changed since.
   */
  T update(T object);

  /** Replaces the object's status (PUT to the status subresource), conditional as {@link #update}. */
  T updateStatus(T object);

  /** Applies a JSON patch; a failed {@code test} operation answers 422 and changes nothing. */
  T jsonPatch(String namespace, String name, JsonPatch patch);

  /**
   * Deletes the object in the background (its dependents go afterwards, through the garbage
   * collector). With a {@code uid}, only if the object still has that uid (409 otherwise).
   */
  void delete(String namespace, String name, String uid);
}
