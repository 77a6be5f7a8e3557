package dev.ketch.apiserver.fieldmanager.fieldpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON values as structured-merge-diff sees them: a total order over values of any type (numbers,
 * then strings, booleans, lists, maps and null; integers and floats compared as numbers), equality
 * that ignores how a number was parsed, and the printed form that field paths use in messages
 * ({@code [name="nginx"]}). Stateless.
 */
public final class Values {

  private enum Kind {
    FLOAT,
    INT,
    STRING,
    BOOL,
    LIST,
    MAP,
    NULL
  }

  private Values() {}

  private static Kind kind(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Kind.NULL;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? Kind.INT : Kind.FLOAT;
    }
    if (n.isNumber()) {
      return Kind.FLOAT;
    }
    if (n.isBoolean()) {
      return Kind.BOOL;
    }
    if (n.isArray()) {
      return Kind.LIST;
    }
    if (n.isObject()) {
      return Kind.MAP;
    }
    return Kind.STRING;
  }

  /**
   * The value with its numbers in one canonical form (integers as longs, other numbers as
   * doubles), so that trees parsed from different sources compare equal with {@code equals}.
   */
  public static JsonNode normalize(JsonNode n) {
    return switch (kind(n)) {
      case INT -> n instanceof LongNode ? n : LongNode.valueOf(n.longValue());
      case FLOAT -> n instanceof DoubleNode ? n : DoubleNode.valueOf(n.doubleValue());
      case NULL -> JsonNodeFactory.instance.nullNode();
      case LIST -> {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(n.size());
        n.forEach(e -> out.add(normalize(e)));
        yield out;
      }
      case MAP -> {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        n.properties().forEach(e -> out.set(e.getKey(), normalize(e.getValue())));
        yield out;
      }
      default -> n;
    };
  }

  /** The total order of values: negative, zero or positive as {@code a} sorts before, with, after {@code b}. */
  public static int compare(JsonNode a, JsonNode b) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    boolean na = ka == Kind.FLOAT || ka == Kind.INT;
    boolean nb = kb == Kind.FLOAT || kb == Kind.INT;
    if (na && nb) {
      if (ka == Kind.INT && kb == Kind.INT) {
        return Long.compare(a.longValue(), b.longValue());
      }
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    if (ka != kb) {
      return Integer.compare(ka.ordinal(), kb.ordinal());
    }
    return switch (ka) {
      case STRING -> a.asText().compareTo(b.asText());
      case BOOL -> Boolean.compare(a.booleanValue(), b.booleanValue());
      case LIST -> compareLists(a, b);
      case MAP -> compareMaps(a, b);
      default -> 0;
    };
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareMaps(JsonNode a, JsonNode b) {
    List<String> ka = sortedKeys(a);
    List<String> kb = sortedKeys(b);
    int n = Math.min(ka.size(), kb.size());
    for (int i = 0; i < n; i++) {
      int c = ka.get(i).compareTo(kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  private static List<String> sortedKeys(JsonNode n) {
    List<String> keys = new ArrayList<>(n.size());
    n.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    return keys;
  }

  /** Whether two values are the same value, however their numbers were parsed. */
  public static boolean equal(JsonNode a, JsonNode b) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka == Kind.MAP && kb == Kind.MAP) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = a.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode other = b.get(e.getKey());
        if (other == null || !equal(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (ka == Kind.LIST && kb == Kind.LIST) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return compare(a, b) == 0;
  }

  /** How structured-merge-diff prints a value in a path: strings quoted, maps as {@code {k=v}}. */
  public static String toString(JsonNode n) {
    return switch (kind(n)) {
      case NULL -> "null";
      case INT -> Long.toString(n.longValue());
      case FLOAT -> goFloat(n.doubleValue());
      case STRING -> quote(n.asText());
      case BOOL -> Boolean.toString(n.booleanValue());
      case LIST -> {
        List<String> parts = new ArrayList<>();
        n.forEach(e -> parts.add(toString(e)));
        yield "[" + String.join(",", parts) + "]";
      }
      case MAP -> {
        List<String> parts = new ArrayList<>();
        for (String k : sortedKeys(n)) {
          parts.add(k + "=" + toString(n.get(k)));
        }
        yield "{" + String.join(",", parts) + "}";
      }
    };
  }

  /** Compact JSON of a value, as field sets serialize list keys and set members. */
  public static String json(JsonNode n) {
    try {
      return Json.mapper().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String goFloat(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  /** Go's {@code %q} for the strings field paths hold. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
