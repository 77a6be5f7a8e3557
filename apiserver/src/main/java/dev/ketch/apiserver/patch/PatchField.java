package dev.ketch.apiserver.patch;

import java.util.Objects;

/**
 * One JSON field of a model class, with what a strategic merge patch needs to know about it.
 *
 * @param owner the model class declaring the field, e.g. {@code PodSpec.class}
 * @param name the field's JSON name, e.g. {@code containers}
 * @param shape what the field holds
 * @param valueType the class of the value ({@link Shape#OBJECT}, {@link Shape#SCALAR}), of one
 *     element ({@link Shape#LIST}) or of one map value ({@link Shape#MAP}); {@code Object.class}
 *     where the model leaves it open
 * @param strategy its declared patch strategy, {@link FieldStrategy#NONE} if none
 */
public record PatchField(Class<?> owner, String name, Shape shape, Class<?> valueType, FieldStrategy strategy) {

  /** What a field holds, as JSON sees it. */
  public enum Shape {
    /** A nested object with fields of its own. */
    OBJECT,
    /** A JSON array. */
    LIST,
    /** An object with arbitrary keys, e.g. labels. */
    MAP,
    /** A string, number or boolean, or a value the model does not describe. */
    SCALAR
  }

  public PatchField {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(strategy, "strategy");
  }
}
