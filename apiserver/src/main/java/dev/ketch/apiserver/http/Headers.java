package dev.ketch.apiserver.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names compared without case (kept lower-case, as HTTP/2 writes them), each
 * with one or more values in the order received or added. Immutable and thread-safe; built with
 * {@link #builder()}.
 */
public final class Headers {

  private static final Headers EMPTY = new Headers(Map.of());

  private final Map<String, List<String>> fields;

  private Headers(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  public static Headers empty() {
    return EMPTY;
  }

  /** One field. */
  public static Headers of(String name, String value) {
    return builder().add(name, value).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The first value of the field, or null. */
  public String first(String name) {
    List<String> v = fields.get(name.toLowerCase(Locale.ROOT));
    return v == null ? null : v.getFirst();
  }

  /** Every value of the field, possibly none. */
  public List<String> all(String name) {
    return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  public boolean contains(String name) {
    return fields.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** The lower-case names, in order. */
  public Set<String> names() {
    return fields.keySet();
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** Calls {@code action} for each value of each field, in order. */
  public void forEach(BiConsumer<String, String> action) {
    fields.forEach((name, values) -> values.forEach(v -> action.accept(name, v)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h && h.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }

  /** Collects fields; not thread-safe. */
  public static final class Builder {
    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a value, keeping earlier values of the same field. */
    public Builder add(String name, String value) {
      if (name == null || name.isEmpty() || value == null) {
        throw new IllegalArgumentException("a header needs a name and a value");
      }
      fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(value);
      return this;
    }

    /** Replaces every value of the field. */
    public Builder set(String name, String value) {
      fields.remove(name.toLowerCase(Locale.ROOT));
      return add(name, value);
    }

    public Headers build() {
      if (fields.isEmpty()) {
        return EMPTY;
      }
      Map<String, List<String>> copy = new LinkedHashMap<>();
      fields.forEach((n, v) -> copy.put(n, List.copyOf(v)));
      return new Headers(Collections.unmodifiableMap(copy));
    }
  }
}
