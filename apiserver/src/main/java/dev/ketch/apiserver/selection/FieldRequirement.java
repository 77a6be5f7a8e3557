package dev.ketch.apiserver.selection;

import java.util.Map;
import java.util.Objects;

/**
 * One term of a field selector: a field compared for equality or inequality with a value (the
 * value unescaped). A field missing from an object's field set compares as the empty string, as
 * upstream's {@code fields.Set.Get} does.
 *
 * @param field the field label, e.g. {@code spec.nodeName}
 * @param negated true for {@code !=}, false for {@code =} and {@code ==}
 * @param value the value, without escapes
 */
public record FieldRequirement(String field, boolean negated, String value) {

  public FieldRequirement {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
  }

  /** Whether an object with these selectable fields satisfies the term. */
  public boolean matches(Map<String, String> fields) {
    String actual = fields == null ? "" : fields.getOrDefault(field, "");
    return negated != actual.equals(value);
  }

  /** The same term on another field label, as a label conversion produces. */
  public FieldRequirement withField(String newField) {
    return new FieldRequirement(newField, negated, value);
  }

  /** The canonical text, {@code field=value} or {@code field!=value}, the value escaped. */
  @Override
  public String toString() {
    return field + (negated ? "!=" : "=") + FieldSelector.escapeValue(value);
  }
}
