package dev.ketch.controllers.objects;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Matches labels against a {@link LabelSelector} as apimachinery's LabelSelectorAsSelector: a
 * null selector matches nothing, an empty one everything; matchLabels and every matchExpression
 * (In, NotIn, Exists, DoesNotExist) must hold.
 */
public final class Selectors {

  private Selectors() {}

  /** Whether {@code labels} (null meaning none) satisfy {@code selector}. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, have)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(r.getKey());
      case "DoesNotExist" -> !labels.containsKey(r.getKey());
      default -> throw new IllegalArgumentException("unknown label selector operator: " + r.getOperator());
    };
  }

  /** Whether {@code selector} is null or selects nothing special: true for an empty selector. */
  public static boolean isEmpty(LabelSelector selector) {
    return selector == null
        || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }
}
