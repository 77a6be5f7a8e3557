package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON values as kube-apiserver's Go code sees them once decoded into {@code interface{}}: their
 * dynamic type, what {@code ==} says about two of them, and how {@code fmt} prints them. The patch
 * engines decide and word errors with these so that results and messages match upstream.
 * Stateless.
 */
final class GoValues {

  /** The dynamic type of a decoded JSON value; integers that fit int64 stay integers. */
  enum Kind {
    NIL,
    BOOL,
    INT,
    FLOAT,
    STRING,
    MAP,
    SLICE
  }

  private GoValues() {}

  static Kind kind(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Kind.NIL;
    }
    if (n.isObject()) {
      return Kind.MAP;
    }
    if (n.isArray()) {
      return Kind.SLICE;
    }
    if (n.isBoolean()) {
      return Kind.BOOL;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? Kind.INT : Kind.FLOAT;
    }
    if (n.isNumber()) {
      return Kind.FLOAT;
    }
    return Kind.STRING;
  }

  /**
   * Go's {@code ==} between two decoded values: same dynamic type and value. Maps and slices are
   * never equal (Go would panic comparing them).
   */
  static boolean same(JsonNode a, JsonNode b) {
    Kind ka = kind(a);
    if (ka != kind(b)) {
      return false;
    }
    return switch (ka) {
      case NIL -> true;
      case BOOL -> a.booleanValue() == b.booleanValue();
      case INT -> a.longValue() == b.longValue();
      case FLOAT -> a.doubleValue() == b.doubleValue();
      case STRING -> a.asText().equals(b.asText());
      case MAP, SLICE -> false;
    };
  }

  /** {@code reflect.TypeOf(v)} printed with {@code %s}. */
  static String typeName(JsonNode n) {
    return switch (kind(n)) {
      case NIL -> "%!s(<nil>)";
      case BOOL -> "bool";
      case INT -> "int64";
      case FLOAT -> "float64";
      case STRING -> "string";
      case MAP -> "map[string]interface {}";
      case SLICE -> "[]interface {}";
    };
  }

  /** The value printed with {@code %v}: {@code map[a:1 b:[x y]]}, keys sorted. */
  static String v(JsonNode n) {
    return switch (kind(n)) {
      case NIL -> "<nil>";
      case BOOL -> Boolean.toString(n.booleanValue());
      case INT -> Long.toString(n.longValue());
      case FLOAT -> formatFloat(n.doubleValue());
      case STRING -> n.asText();
      case MAP -> {
        StringJoiner j = new StringJoiner(" ", "map[", "]");
        sortedFields(n).forEach(e -> j.add(e.getKey() + ":" + v(e.getValue())));
        yield j.toString();
      }
      case SLICE -> {
        StringJoiner j = new StringJoiner(" ", "[", "]");
        n.forEach(e -> j.add(v(e)));
        yield j.toString();
      }
    };
  }

  /** A list of values printed with {@code %v}, as Go prints a slice of them. */
  static String v(List<? extends JsonNode> list) {
    StringJoiner j = new StringJoiner(" ", "[", "]");
    list.forEach(e -> j.add(v(e)));
    return j.toString();
  }

  /** The value printed with {@code %s}: strings as they are, anything else flagged as Go does. */
  static String s(JsonNode n) {
    return switch (kind(n)) {
      case NIL -> "%!s(<nil>)";
      case BOOL -> "%!s(bool=" + n.booleanValue() + ")";
      case INT -> "%!s(int64=" + n.longValue() + ")";
      case FLOAT -> "%!s(float64=" + formatFloat(n.doubleValue()) + ")";
      case STRING -> n.asText();
      case MAP -> {
        StringJoiner j = new StringJoiner(" ", "map[", "]");
        sortedFields(n).forEach(e -> j.add(e.getKey() + ":" + s(e.getValue())));
        yield j.toString();
      }
      case SLICE -> {
        StringJoiner j = new StringJoiner(" ", "[", "]");
        n.forEach(e -> j.add(s(e)));
        yield j.toString();
      }
    };
  }

  private static List<Map.Entry<String, JsonNode>> sortedFields(JsonNode n) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
    fields.sort(Map.Entry.comparingByKey());
    return fields;
  }

  /**
   * A float64 as {@code %v} prints it: the shortest digits that read back to the same value, in
   * exponent form when the exponent is below -4 or at least 6 ({@code 1e+06}, {@code 1.5e-05}).
   */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int pointAt = digits.length() - shortest.scale();
    int exp = pointAt - 1;
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = Integer.toString(Math.abs(exp));
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    if (pointAt <= 0) {
      return sign + "0." + "0".repeat(-pointAt) + digits;
    }
    if (pointAt >= digits.length()) {
      return sign + digits + "0".repeat(pointAt - digits.length());
    }
    return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
  }

  /** The name encoding/json gives a JSON value's type in "cannot unmarshal X into ..." errors. */
  static String jsonTypeName(JsonNode n) {
    return switch (kind(n)) {
      case NIL -> "null";
      case BOOL -> "bool";
      case INT, FLOAT -> "number";
      case STRING -> "string";
      case MAP -> "object";
      case SLICE -> "array";
    };
  }
}
