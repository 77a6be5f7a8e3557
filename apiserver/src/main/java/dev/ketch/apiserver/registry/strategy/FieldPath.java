package dev.ketch.apiserver.registry.strategy;

/**
 * A field path as Kubernetes prints it in validation causes: {@code spec.containers[0].name},
 * {@code data[key]}. Immutable.
 *
 * @param path the rendered path; empty for the object as a whole
 */
public record FieldPath(String path) {

  /** A path starting at a top-level field, e.g. {@code spec}; empty for the whole object. */
  public static FieldPath root(String name) {
    return new FieldPath(name);
  }

  /** The path of nested fields below this one. */
  public FieldPath child(String... names) {
    StringBuilder sb = new StringBuilder(path);
    for (String n : names) {
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(n);
    }
    return new FieldPath(sb.toString());
  }

  /** The path of the list element at {@code i}. */
  public FieldPath index(int i) {
    return new FieldPath(path + "[" + i + "]");
  }

  /** The path of the map entry with key {@code k}. */
  public FieldPath key(String k) {
    return new FieldPath(path + "[" + k + "]");
  }

  @Override
  public String toString() {
    return path;
  }
}
