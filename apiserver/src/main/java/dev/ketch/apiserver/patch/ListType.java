package dev.ketch.apiserver.patch;

import java.util.List;
import java.util.Objects;

/**
 * How server-side apply treats a list field, as OpenAPI publishes it in {@code
 * x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys}: replaced whole ({@code atomic}),
 * a set of scalars merged by value ({@code set}), or a map of objects merged by the values of its
 * key fields ({@code map}).
 *
 * @param kind the list type
 * @param keys for {@link Kind#MAP}, the fields that identify an element, in declaration order;
 *     empty otherwise
 */
public record ListType(Kind kind, List<String> keys) {

  /** The list types of structured-merge-diff. */
  public enum Kind {
    ATOMIC,
    SET,
    MAP
  }

  public static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of());
  public static final ListType SET = new ListType(Kind.SET, List.of());

  public ListType {
    Objects.requireNonNull(kind, "kind");
    keys = List.copyOf(keys);
    if ((kind == Kind.MAP) == keys.isEmpty()) {
      throw new IllegalArgumentException("a map list has keys and only a map list has keys: " + kind + " " + keys);
    }
  }

  /** A list of objects identified by {@code keys}. */
  public static ListType map(String... keys) {
    return new ListType(Kind.MAP, List.of(keys));
  }
}
