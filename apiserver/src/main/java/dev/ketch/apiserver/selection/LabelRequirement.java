package dev.ketch.apiserver.selection;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One requirement of a label selector: a key, an operator and its values (sorted, without
 * duplicates, as the parser produces them; empty for {@link LabelOperator#EXISTS} and {@link
 * LabelOperator#DOES_NOT_EXIST}).
 *
 * @param key the label key
 * @param operator how the label's value is compared
 * @param values the values compared against
 */
public record LabelRequirement(String key, LabelOperator operator, List<String> values) {

  public LabelRequirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  /** Whether a set of labels satisfies this requirement; a missing map counts as no labels. */
  public boolean matches(Map<String, String> labels) {
    String value = labels == null ? null : labels.get(key);
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> value != null && values.contains(value);
      case NOT_IN, NOT_EQUALS -> value == null || !values.contains(value);
      case EXISTS -> value != null;
      case DOES_NOT_EXIST -> value == null;
      case GREATER_THAN, LESS_THAN -> compares(value);
    };
  }

  private boolean compares(String value) {
    if (value == null || values.size() != 1) {
      return false;
    }
    Long actual = GoText.parseInt(value);
    Long bound = GoText.parseInt(values.getFirst());
    if (actual == null || bound == null) {
      // A label that is not an integer never satisfies > or <, as upstream.
      return false;
    }
    return operator == LabelOperator.GREATER_THAN ? actual > bound : actual < bound;
  }

  /** The canonical form: {@code k=v}, {@code k in (a,b)}, {@code !k}, {@code k>3} … */
  @Override
  public String toString() {
    String joined = String.join(",", values.stream().sorted().toList());
    return switch (operator) {
      case EXISTS -> key;
      case DOES_NOT_EXIST -> "!" + key;
      case IN -> key + " in (" + joined + ")";
      case NOT_IN -> key + " notin (" + joined + ")";
      case EQUALS -> key + "=" + joined;
      case DOUBLE_EQUALS -> key + "==" + joined;
      case NOT_EQUALS -> key + "!=" + joined;
      case GREATER_THAN -> key + ">" + joined;
      case LESS_THAN -> key + "<" + joined;
    };
  }
}
