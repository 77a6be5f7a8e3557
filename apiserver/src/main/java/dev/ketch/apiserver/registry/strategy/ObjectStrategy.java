package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.registry.ResourceStrategy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * A {@link ResourceStrategy} for one fabric8 model class: casts once and hands the typed object to
 * hooks that subclasses override, collecting causes in a {@link FieldErrors}. By default it keeps
 * the status over main-resource updates and everything but the status over status updates, as
 * most upstream strategies do (resources without these parts simply have nothing to copy).
 * Subclasses hold no per-request state, so they are thread-safe.
 *
 * @param <T> the model class
 */
abstract class ObjectStrategy<T extends HasMetadata> implements ResourceStrategy {

  private final Class<T> type;

  protected ObjectStrategy(Class<T> type) {
    this.type = type;
  }

  /** The model class this strategy handles. */
  public final Class<T> modelClass() {
    return type;
  }

  @Override
  public final void applyDefaults(HasMetadata object) {
    defaults(type.cast(object));
  }

  @Override
  public final void prepareForCreate(HasMetadata object) {
    resetOnCreate(type.cast(object));
  }

  @Override
  public final void prepareForUpdate(HasMetadata object, HasMetadata old) {
    keepOnUpdate(type.cast(object), type.cast(old));
  }

  @Override
  public final void prepareForStatusUpdate(HasMetadata object, HasMetadata old) {
    keepOnStatusUpdate(type.cast(object), type.cast(old));
  }

  @Override
  public final List<Cause> validate(HasMetadata object) {
    FieldErrors errs = new FieldErrors();
    check(type.cast(object), errs);
    return errs.list();
  }

  @Override
  public final List<Cause> validateCreate(HasMetadata object) {
    FieldErrors errs = new FieldErrors();
    checkCreate(type.cast(object), errs);
    return errs.list();
  }

  @Override
  public final List<Cause> validateUpdate(HasMetadata object, HasMetadata old) {
    FieldErrors errs = new FieldErrors();
    checkUpdate(type.cast(object), type.cast(old), errs);
    return errs.list();
  }

  @Override
  public final List<Cause> validateStatusUpdate(HasMetadata object, HasMetadata old) {
    FieldErrors errs = new FieldErrors();
    checkStatusUpdate(type.cast(object), type.cast(old), errs);
    return errs.list();
  }

  @Override
  public final List<String> warnings(HasMetadata object) {
    return warningsFor(type.cast(object));
  }

  /** Kubernetes' defaulting functions for this resource. */
  protected void defaults(T object) {}

  /** What a client may not set on create; by default an empty status if the resource has one. */
  protected void resetOnCreate(T object) {
    Parts.resetStatus(object);
  }

  /** What a main-resource update may not change; by default the status. */
  protected void keepOnUpdate(T object, T old) {
    Parts.keep(object, old, "status");
  }

  /** What a status update may not change; by default the spec. */
  protected void keepOnStatusUpdate(T object, T old) {
    Parts.keep(object, old, "spec");
  }

  protected void check(T object, FieldErrors errs) {}

  /** Rules of creation only, checked besides {@link #check}. */
  protected void checkCreate(T object, FieldErrors errs) {}

  protected void checkUpdate(T object, T old, FieldErrors errs) {}

  protected void checkStatusUpdate(T object, T old, FieldErrors errs) {}

  protected List<String> warningsFor(T object) {
    return List.of();
  }
}
