package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.errors.Cause;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects validation causes worded as Kubernetes' {@code field.Error} renders them: {@code
 * Required value}, {@code Invalid value: <value>: <detail>}, {@code Unsupported value: …}, and so
 * on, with values printed by {@link GoFormat}. Not thread-safe: one per validation.
 */
public final class FieldErrors {

  private final List<Cause> causes = new ArrayList<>();

  public FieldErrors required(FieldPath path) {
    return required(path, "");
  }

  public FieldErrors required(FieldPath path, String detail) {
    return add("FieldValueRequired", "Required value", detail, path);
  }

  public FieldErrors invalid(FieldPath path, Object value, String detail) {
    return add("FieldValueInvalid", "Invalid value: " + GoFormat.value(value), detail, path);
  }

  public FieldErrors notSupported(FieldPath path, Object value, Collection<String> supported) {
    List<String> quoted = supported.stream().map(GoFormat::quote).toList();
    return add("FieldValueNotSupported", "Unsupported value: " + GoFormat.value(value),
        quoted.isEmpty() ? "" : "supported values: " + String.join(", ", quoted), path);
  }

  public FieldErrors forbidden(FieldPath path, String detail) {
    return add("FieldValueForbidden", "Forbidden", detail, path);
  }

  public FieldErrors duplicate(FieldPath path, Object value) {
    return add("FieldValueDuplicate", "Duplicate value: " + GoFormat.value(value), "", path);
  }

  public FieldErrors notFound(FieldPath path, Object value) {
    return add("FieldValueNotFound", "Not found: " + GoFormat.value(value), "", path);
  }

  /** Too long, counted in bytes (the 1 MiB limit of ConfigMaps and Secrets). */
  public FieldErrors tooLong(FieldPath path, int maxBytes) {
    return add("FieldValueTooLong", "Too long", "may not be more than " + maxBytes + " bytes", path);
  }

  /** One invalid cause per message of a name check ({@code Names.dns1123Label} and the like). */
  public FieldErrors invalidEach(FieldPath path, Object value, List<String> messages) {
    for (String m : messages) {
      invalid(path, value, m);
    }
    return this;
  }

  public FieldErrors addAll(Collection<Cause> more) {
    causes.addAll(more);
    return this;
  }

  public boolean isEmpty() {
    return causes.isEmpty();
  }

  public int size() {
    return causes.size();
  }

  public List<Cause> list() {
    return List.copyOf(causes);
  }

  private FieldErrors add(String type, String head, String detail, FieldPath path) {
    causes.add(new Cause(type, detail.isEmpty() ? head : head + ": " + detail, path.path()));
    return this;
  }
}
