package dev.ketch.apiserver.fieldmanager.fieldpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One step of a path into an object, as structured-merge-diff names them: a field of a struct or
 * key of a map, an element of a map list by the values of its keys, an element of a set by its
 * value, or an element of a list by its position. Elements are ordered (fields, then keys, values
 * and indexes), which is the order field sets keep and serialize them in.
 */
public sealed interface PathElement extends Comparable<PathElement> {

  /** A field of a struct or a key of a map: {@code .spec}, serialized {@code f:spec}. */
  record Field(String name) implements PathElement {
    public Field {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return "." + name;
    }
  }

  /**
   * An element of a map list: {@code [name="nginx"]}, serialized {@code k:{"name":"nginx"}}.
   *
   * @param fields the key fields and their values, sorted by name
   */
  record Key(List<KeyField> fields) implements PathElement {
    public Key {
      List<KeyField> sorted = new ArrayList<>(fields);
      sorted.sort(Comparator.comparing(KeyField::name));
      fields = List.copyOf(sorted);
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>(fields.size());
      for (KeyField f : fields) {
        parts.add(f.name() + "=" + Values.toString(f.value()));
      }
      return "[" + String.join(",", parts) + "]";
    }
  }

  /** One field of a {@link Key}; its value is normalized so that keys compare by content. */
  record KeyField(String name, JsonNode value) {
    public KeyField {
      Objects.requireNonNull(name, "name");
      value = Values.normalize(value);
    }
  }

  /** An element of a set: {@code [="a"]}, serialized {@code v:"a"}. */
  record Value(JsonNode value) implements PathElement {
    public Value {
      value = Values.normalize(value);
    }

    @Override
    public String toString() {
      return "[=" + Values.toString(value) + "]";
    }
  }

  /** An element of an atomic list by position: {@code [0]}, serialized {@code i:0}. */
  record Index(int index) implements PathElement {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  static Field field(String name) {
    return new Field(name);
  }

  private int rank() {
    return switch (this) {
      case Field f -> 0;
      case Key k -> 1;
      case Value v -> 2;
      case Index i -> 3;
    };
  }

  @Override
  default int compareTo(PathElement other) {
    int r = Integer.compare(rank(), other.rank());
    if (r != 0) {
      return r;
    }
    return switch (this) {
      case Field f -> f.name().compareTo(((Field) other).name());
      case Key k -> compareKeys(k, (Key) other);
      case Value v -> Values.compare(v.value(), ((Value) other).value());
      case Index i -> Integer.compare(i.index(), ((Index) other).index());
    };
  }

  private static int compareKeys(Key a, Key b) {
    int c = Integer.compare(a.fields().size(), b.fields().size());
    if (c != 0) {
      return c;
    }
    for (int i = 0; i < a.fields().size(); i++) {
      KeyField x = a.fields().get(i);
      KeyField y = b.fields().get(i);
      c = x.name().compareTo(y.name());
      if (c != 0) {
        return c;
      }
      c = Values.compare(x.value(), y.value());
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The element as a key of a FieldsV1 object: {@code f:…}, {@code k:…}, {@code v:…}, {@code i:…}. */
  default String serialize() {
    return switch (this) {
      case Field f -> "f:" + f.name();
      case Key k -> {
        ObjectNode o = Json.mapper().createObjectNode();
        k.fields().forEach(f -> o.set(f.name(), f.value()));
        yield "k:" + Values.json(o);
      }
      case Value v -> "v:" + Values.json(v.value());
      case Index i -> "i:" + i.index();
    };
  }

  /**
   * Reads a FieldsV1 key.
   *
   * @return the element, or null for a prefix this version does not know (ignored, as upstream)
   * @throws IllegalArgumentException if the key is malformed
   */
  static PathElement deserialize(String s) {
    if (s.length() < 2 || s.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid path element: " + s);
    }
    String rest = s.substring(2);
    return switch (s.charAt(0)) {
      case 'f' -> new Field(rest);
      case 'v' -> new Value(parse(rest, s));
      case 'i' -> {
        try {
          yield new Index(Integer.parseInt(rest));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid index in path element: " + s, e);
        }
      }
      case 'k' -> {
        JsonNode keys = parse(rest, s);
        if (!(keys instanceof ObjectNode o) || o.isEmpty()) {
          throw new IllegalArgumentException("invalid key in path element: " + s);
        }
        List<KeyField> fields = new ArrayList<>();
        o.properties().forEach(e -> fields.add(new KeyField(e.getKey(), e.getValue())));
        yield new Key(fields);
      }
      default -> null;
    };
  }

  private static JsonNode parse(String json, String element) {
    try {
      JsonNode n = Json.mapper().readTree(json);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException("invalid path element: " + element);
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid path element: " + element, e);
    }
  }
}
