package dev.ketch.apiserver.fieldmanager.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.patch.ListType;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The schema of one value, as structured-merge-diff sees types: a struct with named fields, a map
 * with arbitrary keys, a list (atomic, set or map list), a scalar, or an untyped value whose shape
 * is deduced from the value itself (free-form fields: maps merge, lists are atomic). Structs and
 * maps are granular (merged field by field, owned field by field) unless atomic.
 *
 * <p>Immutable apart from the lazy resolution of struct fields (types refer to themselves), which is
 * thread-safe.
 */
public final class TypeNode {

  /** What kind of value a node describes. */
  public enum Kind {
    STRUCT,
    MAP,
    LIST,
    SCALAR,
    UNTYPED
  }

  private static final TypeNode SCALAR = new TypeNode(Kind.SCALAR, false, null, null, null, Map::of);
  private static final TypeNode UNTYPED = new TypeNode(Kind.UNTYPED, false, null, null, null, Map::of);
  private static final TypeNode DEDUCED_MAP = new TypeNode(Kind.MAP, false, UNTYPED, null, null, Map::of);
  private static final TypeNode DEDUCED_LIST = new TypeNode(Kind.LIST, true, UNTYPED, ListType.ATOMIC, null, Map::of);

  private final Kind kind;
  private final boolean atomic;
  private final TypeNode element;
  private final ListType listType;
  private final Class<?> modelClass;
  private final Supplier<Map<String, Field>> fieldSupplier;
  private volatile Map<String, Field> fields;

  /**
   * A named field of a struct.
   *
   * @param type its schema
   * @param keyDefault for a field that is a list-map key, the value an element that leaves it out
   *     stands for; null otherwise
   */
  public record Field(TypeNode type, JsonNode keyDefault) {}

  private TypeNode(
      Kind kind, boolean atomic, TypeNode element, ListType listType, Class<?> modelClass,
      Supplier<Map<String, Field>> fields) {
    this.kind = kind;
    this.atomic = atomic;
    this.element = element;
    this.listType = listType;
    this.modelClass = modelClass;
    this.fieldSupplier = fields;
  }

  public static TypeNode scalar() {
    return SCALAR;
  }

  public static TypeNode untyped() {
    return UNTYPED;
  }

  /** What an untyped object is taken for: a map of untyped values, merged key by key. */
  public static TypeNode deducedMap() {
    return DEDUCED_MAP;
  }

  /** What an untyped array is taken for: an atomic list. */
  public static TypeNode deducedList() {
    return DEDUCED_LIST;
  }

  static TypeNode struct(Class<?> modelClass, boolean atomic, Supplier<Map<String, Field>> fields) {
    return new TypeNode(Kind.STRUCT, atomic, null, null, modelClass, fields);
  }

  static TypeNode map(TypeNode element, boolean atomic) {
    return new TypeNode(Kind.MAP, atomic, element, null, null, Map::of);
  }

  static TypeNode list(TypeNode element, ListType listType) {
    return new TypeNode(Kind.LIST, listType.kind() == ListType.Kind.ATOMIC, element, listType, null, Map::of);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the value is replaced and owned whole (atomic structs, maps and lists). */
  public boolean atomic() {
    return atomic;
  }

  /** The schema of a map's values or a list's elements; null for other kinds. */
  public TypeNode element() {
    return element;
  }

  /** For a list, how it merges; null for other kinds. */
  public ListType listType() {
    return listType;
  }

  /** For a struct, the model class it comes from; null for other kinds. */
  public Class<?> modelClass() {
    return modelClass;
  }

  /** The named fields of a struct; empty for other kinds. */
  public Map<String, Field> fields() {
    Map<String, Field> f = fields;
    if (f == null) {
      synchronized (this) {
        f = fields;
        if (f == null) {
          f = Map.copyOf(fieldSupplier.get());
          fields = f;
        }
      }
    }
    return f;
  }

  /** The named field of a struct, if it has one by that name. */
  public Optional<Field> field(String name) {
    return Optional.ofNullable(fields().get(name));
  }

  /**
   * The schema of the value under {@code key} of a struct or map: the named field's, a map's value
   * type, or empty when a struct has no such field.
   */
  public Optional<TypeNode> child(String key) {
    return switch (kind) {
      case STRUCT -> field(key).map(Field::type);
      case MAP -> Optional.of(element);
      case UNTYPED -> Optional.of(UNTYPED);
      default -> Optional.empty();
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case STRUCT -> "struct " + (modelClass == null ? "?" : modelClass.getSimpleName()) + (atomic ? " (atomic)" : "");
      case MAP -> "map of " + element + (atomic ? " (atomic)" : "");
      case LIST -> "list of " + element + " (" + listType.kind() + listType.keys() + ")";
      default -> kind.name().toLowerCase();
    };
  }
}
