package dev.ketch.scheduler.labels;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled label selector. {@link #of} follows apimachinery's {@code LabelSelectorAsSelector}:
 * a null selector matches nothing, an empty one matches everything; matchLabels and every
 * matchExpressions requirement must all hold. Immutable and thread-safe.
 */
public final class LabelMatcher {

  /** Matches no label set. */
  public static final LabelMatcher NOTHING = new LabelMatcher(List.of(), true);
  /** Matches every label set. */
  public static final LabelMatcher EVERYTHING = new LabelMatcher(List.of(), false);

  private final List<Requirement> requirements;
  private final boolean nothing;

  private LabelMatcher(List<Requirement> requirements, boolean nothing) {
    this.requirements = requirements;
    this.nothing = nothing;
  }

  /** One requirement on one key. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case IN -> v != null && values.contains(v);
        case NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> v != null;
        case DOES_NOT_EXIST -> v == null;
      };
    }
  }

  /** The operators of label selector requirements. */
  public enum Operator {
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  /**
   * Compiles a selector.
   *
   * @throws IllegalArgumentException for an unknown operator or a requirement without the values
   *     its operator needs
   */
  public static LabelMatcher of(LabelSelector selector) {
    if (selector == null) {
      return NOTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Operator.IN, Set.of(v))));
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        reqs.add(requirement(r.getKey(), r.getOperator(), r.getValues()));
      }
    }
    return reqs.isEmpty() ? EVERYTHING : new LabelMatcher(List.copyOf(reqs), false);
  }

  /** A matcher requiring every entry of {@code labels} (a Service's or a ReplicationController's selector). */
  public static LabelMatcher ofMap(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    labels.forEach((k, v) -> reqs.add(new Requirement(k, Operator.IN, Set.of(v))));
    return new LabelMatcher(List.copyOf(reqs), false);
  }

  static Requirement requirement(String key, String operator, List<String> values) {
    Set<String> set = values == null ? Set.of() : Set.copyOf(values);
    Operator op = switch (operator == null ? "" : operator) {
      case "In" -> Operator.IN;
      case "NotIn" -> Operator.NOT_IN;
      case "Exists" -> Operator.EXISTS;
      case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
      default -> throw new IllegalArgumentException("\"" + operator + "\" is not a valid label selector operator");
    };
    if ((op == Operator.IN || op == Operator.NOT_IN) && set.isEmpty()) {
      throw new IllegalArgumentException("for 'in', 'notin' operators, values set can't be empty");
    }
    return new Requirement(key, op, set);
  }

  /** Whether {@code labels} (null counts as none) satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(l)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this matcher matches every label set. */
  public boolean isEverything() {
    return !nothing && requirements.isEmpty();
  }

  /** Whether this matcher matches no label set. */
  public boolean isNothing() {
    return nothing;
  }

  /** This matcher with more requirements ANDed in. */
  public LabelMatcher and(List<Requirement> more) {
    if (nothing || more.isEmpty()) {
      return this;
    }
    List<Requirement> all = new ArrayList<>(requirements);
    all.addAll(more);
    return new LabelMatcher(List.copyOf(all), false);
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  @Override
  public String toString() {
    return nothing ? "<nothing>" : requirements.toString();
  }
}
