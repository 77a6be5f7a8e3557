package dev.ketch.apiserver.fieldmanager.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.PathElement;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import dev.ketch.apiserver.patch.ListType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the walkers share: the kind a value is treated as (an untyped value's kind deduced from the
 * value, as structured-merge-diff deduces it), checks that a value has the shape its schema wants,
 * and the path element that identifies a list element. Stateless.
 */
final class Shapes {

  /** The deduced schema of free-form objects: maps of free-form values, merged key by key. */
  static final TypeNode DEDUCED_MAP = TypeNode.deducedMap();

  /** The deduced schema of free-form arrays: replaced whole. */
  static final TypeNode DEDUCED_LIST = TypeNode.deducedList();

  private Shapes() {}

  /** The schema to walk {@code value} with: {@code type} itself, or for untyped values the deduced one. */
  static TypeNode resolve(TypeNode type, JsonNode value) {
    if (type.kind() != TypeNode.Kind.UNTYPED || value == null) {
      return type;
    }
    if (value.isObject()) {
      return DEDUCED_MAP;
    }
    if (value.isArray()) {
      return DEDUCED_LIST;
    }
    return TypeNode.scalar();
  }

  /** Whether a present value may stand where {@code type} is: null always may. */
  static boolean fits(TypeNode type, JsonNode value) {
    if (value == null || value.isNull()) {
      return true;
    }
    return switch (type.kind()) {
      case STRUCT, MAP -> value.isObject();
      case LIST -> value.isArray();
      case SCALAR -> !value.isObject() && !value.isArray();
      case UNTYPED -> true;
    };
  }

  static void check(TypeNode type, JsonNode value, List<PathElement> path) {
    if (!fits(type, value)) {
      throw new ValueException(path, "expected " + expected(type) + ", got " + actual(value));
    }
  }

  private static String expected(TypeNode type) {
    return switch (type.kind()) {
      case STRUCT, MAP -> "map";
      case LIST -> "list";
      default -> "scalar";
    };
  }

  private static String actual(JsonNode value) {
    if (value.isObject()) {
      return "map";
    }
    if (value.isArray()) {
      return "list";
    }
    return value.isTextual() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "value";
  }

  /** Whether a present container value is empty (or null). */
  static boolean empty(JsonNode value) {
    return value == null || value.isNull() || value.isEmpty();
  }

  /**
   * The path element of an element of a granular list: for a map list the values of its keys (a
   * missing key takes its default), for a set the value itself.
   */
  static PathElement listElement(TypeNode list, JsonNode item, List<PathElement> path, int index) {
    ListType type = list.listType();
    if (type.kind() == ListType.Kind.SET) {
      if (item == null || item.isNull()) {
        throw elementError(path, index, "associative list without keys has an element that's an explicit null");
      }
      if (item.isObject()) {
        throw elementError(path, index, "associative list without keys has an element that's a map type");
      }
      if (item.isArray()) {
        throw elementError(path, index, "not supported: associative list with lists as elements");
      }
      return new PathElement.Value(item);
    }
    if (item == null || item.isNull()) {
      throw elementError(path, index, "associative list with keys may not have a null element");
    }
    if (!item.isObject()) {
      throw elementError(path, index, "associative list with keys may not have non-map elements");
    }
    List<PathElement.KeyField> fields = new ArrayList<>(type.keys().size());
    for (String key : type.keys()) {
      JsonNode v = item.get(key);
      if (v == null) {
        v = defaultOf(list.element(), key);
      }
      if (v == null) {
        throw elementError(path, index,
            "associative list with keys has an element that omits key field \"" + key + "\" (and doesn't have default value)");
      }
      fields.add(new PathElement.KeyField(key, v));
    }
    return new PathElement.Key(fields);
  }

  private static JsonNode defaultOf(TypeNode element, String key) {
    if (element.kind() != TypeNode.Kind.STRUCT) {
      return null;
    }
    return element.field(key).map(TypeNode.Field::keyDefault).orElse(null);
  }

  private static ValueException elementError(List<PathElement> path, int index, String message) {
    return new ValueException(path, "element " + index + ": " + message);
  }

  static List<PathElement> append(List<PathElement> path, PathElement pe) {
    List<PathElement> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(pe);
    return out;
  }
}
