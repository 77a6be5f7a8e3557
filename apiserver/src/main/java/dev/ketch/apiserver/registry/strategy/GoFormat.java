package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders values the way kube-apiserver (Go) prints them in validation messages, so that kubectl
 * shows the same text: strings as Go's {@code %q}, numbers and booleans plainly, and maps, lists,
 * label selectors and int-or-strings as Go's {@code %#v} ({@code map[string]string{"app":"web"}}).
 */
public final class GoFormat {

  /** A value already rendered, passed through {@link #value} untouched. */
  public record Rendered(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  private GoFormat() {}

  /** Renders a value of a simple type; {@link Rendered} values pass through. */
  public static String value(Object v) {
    return switch (v) {
      case null -> "null";
      case Rendered r -> r.text();
      case String s -> quote(s);
      case IntOrString ios -> intOrString(ios);
      case LabelSelector sel -> labelSelector(sel);
      default -> String.valueOf(v);
    };
  }

  /** Go's {@code %q}. */
  public static String quote(String s) {
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

  /** A {@code map[string]string} as {@code %#v}: keys sorted, nil for null. */
  public static Rendered stringMap(Map<String, String> map) {
    if (map == null) {
      return new Rendered("map[string]string(nil)");
    }
    StringBuilder sb = new StringBuilder("map[string]string{");
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      sb.append(first ? "" : ", ").append(quote(e.getKey())).append(':').append(quote(nullToEmpty(e.getValue())));
      first = false;
    }
    return new Rendered(sb.append('}').toString());
  }

  /** A {@code []string} as {@code %#v}. */
  public static Rendered stringList(List<String> list) {
    if (list == null) {
      return new Rendered("[]string(nil)");
    }
    List<String> quoted = new ArrayList<>();
    for (String s : list) {
      quoted.add(quote(nullToEmpty(s)));
    }
    return new Rendered("[]string{" + String.join(", ", quoted) + "}");
  }

  /** A metav1.LabelSelector as {@code %#v}. */
  public static String labelSelector(LabelSelector sel) {
    if (sel == null) {
      return "null";
    }
    Map<String, String> labels = sel.getMatchLabels();
    // fabric8 starts with an empty map where Go decodes an absent matchLabels as nil.
    String matchLabels = labels == null || labels.isEmpty() ? "map[string]string(nil)" : stringMap(labels).text();
    List<LabelSelectorRequirement> exprs = sel.getMatchExpressions();
    String matchExpressions;
    if (exprs == null || exprs.isEmpty()) {
      matchExpressions = "[]v1.LabelSelectorRequirement(nil)";
    } else {
      List<String> parts = new ArrayList<>();
      for (LabelSelectorRequirement r : exprs) {
        parts.add("v1.LabelSelectorRequirement{Key:" + quote(nullToEmpty(r.getKey())) + ", Operator:"
            + quote(nullToEmpty(r.getOperator())) + ", Values:" + stringList(emptyToNull(r.getValues())).text() + "}");
      }
      matchExpressions = "[]v1.LabelSelectorRequirement{" + String.join(", ", parts) + "}";
    }
    return "v1.LabelSelector{MatchLabels:" + matchLabels + ", MatchExpressions:" + matchExpressions + "}";
  }

  /** An intstr.IntOrString value as {@code %#v}. */
  public static String intOrString(IntOrString v) {
    if (v == null) {
      return "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}";
    }
    if (v.getStrVal() != null) {
      return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + quote(v.getStrVal()) + "}";
    }
    int i = v.getIntVal() == null ? 0 : v.getIntVal();
    return "intstr.IntOrString{Type:0, IntVal:" + i + ", StrVal:\"\"}";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> emptyToNull(List<T> l) {
    return l == null || l.isEmpty() ? null : l;
  }
}
