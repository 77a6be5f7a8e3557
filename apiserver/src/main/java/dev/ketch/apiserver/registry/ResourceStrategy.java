package dev.ketch.apiserver.registry;

import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The policy of one resource, in the style of Kubernetes' registry strategies: everything that
 * differs between resources, plugged into one generic store that does the rest (names,
 * resourceVersions, storage, watches, deletion).
 *
 * <p>Methods change the object they are given in place and must be safe to call from many threads
 * at once (strategies hold no per-request state). Objects are the fabric8 model class of the
 * resource. The generic store has already handled {@code metadata}'s system fields (uid,
 * creationTimestamp, resourceVersion, generation, deletion fields) and validated generic
 * metadata (name, namespace, labels, annotations) before a strategy sees an object.
 *
 * <p>Order on create: {@link #applyDefaults} → {@link #prepareForCreate} → admission → {@link
 * #validate}. On update: {@link #applyDefaults} → {@link #prepareForUpdate} → admission →
 * {@link #validate} and {@link #validateUpdate}.
 */
public interface ResourceStrategy {

  /**
   * The format names of this resource must have, returning Kubernetes' messages for what is wrong
   * (most resources: {@link Names#dns1123Subdomain}; namespaces {@link Names#dns1123Label};
   * services {@link Names#dns1035Label}; RBAC objects {@link Names#pathSegment}).
   */
  default List<String> validateName(String name) {
    return Names.dns1123Subdomain(name);
  }

  /**
   * Fills in defaults as Kubernetes' defaulting functions do (pod restartPolicy, dnsPolicy,
   * terminationGracePeriodSeconds, imagePullPolicy by tag; Deployment strategy and history
   * limit; Service type and sessionAffinity; …). Called on every object written through the main
   * resource.
   */
  default void applyDefaults(HasMetadata object) {}

  /** Whether {@code metadata.generation} is tracked (starts at 1, bumps on spec changes). */
  default boolean tracksGeneration() {
    return false;
  }

  /** Resets what a client may not set on create, typically {@code status}. */
  default void prepareForCreate(HasMetadata object) {}

  /**
   * Carries over from {@code old} what an update of the main resource may not change, typically
   * {@code status}. The generic store then bumps the generation if the spec changed.
   */
  default void prepareForUpdate(HasMetadata object, HasMetadata old) {}

  /**
   * For an update through the {@code status} subresource: carries over everything except
   * {@code status} (and what else the resource lets its status writers change) from {@code old}.
   */
  default void prepareForStatusUpdate(HasMetadata object, HasMetadata old) {}

  /**
   * What is wrong with the object, with field paths ({@code spec.containers[0].image}) and
   * Kubernetes' messages; empty if nothing.
   */
  default List<Cause> validate(HasMetadata object) {
    return List.of();
  }

  /**
   * What is wrong with a new object beyond {@link #validate}: rules upstream applies only on
   * create (events.k8s.io/v1 Events must not set the deprecated fields).
   */
  default List<Cause> validateCreate(HasMetadata object) {
    return List.of();
  }

  /** What is wrong with changing {@code old} into {@code object}: immutable fields and the like. */
  default List<Cause> validateUpdate(HasMetadata object, HasMetadata old) {
    return List.of();
  }

  /** What is wrong with a status update. */
  default List<Cause> validateStatusUpdate(HasMetadata object, HasMetadata old) {
    return List.of();
  }

  /**
   * The fields a write through {@code subresource} (empty for the object itself) sets back to what
   * was stored, as paths of field names: nobody comes to own them through such a write, and they
   * never conflict (upstream's {@code GetResetFields}). By default the status for writes to the
   * object and the spec for writes to its status.
   */
  default List<List<String>> resetFields(String subresource) {
    return "status".equals(subresource) ? List.of(List.of("spec")) : List.of(List.of("status"));
  }

  /** Whether a PUT of a missing object creates it. */
  default boolean allowCreateOnUpdate() {
    return false;
  }

  /** Whether a PUT without {@code metadata.resourceVersion} may overwrite whatever is stored. */
  default boolean allowUnconditionalUpdate() {
    return true;
  }

  /** Warnings to return with a successful write (the {@code Warning} header). */
  default List<String> warnings(HasMetadata object) {
    return List.of();
  }
}
