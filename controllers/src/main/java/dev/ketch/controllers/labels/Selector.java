package dev.ketch.controllers.labels;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A compiled label selector, as apimachinery's {@code labels.Selector}: every requirement must
 * hold. Built from a {@link LabelSelector} ({@code matchLabels} and {@code matchExpressions}) or
 * a plain map (Services, ReplicationControllers).
 *
 * <p>Immutable and thread-safe.
 */
public final class Selector {

  /** One requirement on one label key. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> labels.containsKey(key);
        case DOES_NOT_EXIST -> !labels.containsKey(key);
      };
    }
  }

  /** The operators of {@code matchExpressions}. */
  public enum Operator {
    IN, NOT_IN, EXISTS, DOES_NOT_EXIST;

    static Operator parse(String s) {
      return switch (s) {
        case "In" -> IN;
        case "NotIn" -> NOT_IN;
        case "Exists" -> EXISTS;
        case "DoesNotExist" -> DOES_NOT_EXIST;
        default -> throw new IllegalArgumentException("unknown label selector operator " + s);
      };
    }
  }

  private static final Selector EVERYTHING = new Selector(List.of(), false);
  private static final Selector NOTHING = new Selector(List.of(), true);

  private final List<Requirement> requirements;
  private final boolean nothing;

  private Selector(List<Requirement> requirements, boolean nothing) {
    this.requirements = List.copyOf(requirements);
    this.nothing = nothing;
  }

  /** Matches every label set. */
  public static Selector everything() {
    return EVERYTHING;
  }

  /** Matches no label set. */
  public static Selector nothing() {
    return NOTHING;
  }

  /**
   * As {@code metav1.LabelSelectorAsSelector}: null selects nothing, an empty selector selects
   * everything.
   *
   * @throws IllegalArgumentException for an unknown operator or a value list the operator forbids
   */
  public static Selector of(LabelSelector selector) {
    if (selector == null) {
      return NOTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Operator.IN, Set.of(v))));
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        Operator op = Operator.parse(r.getOperator());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        if ((op == Operator.IN || op == Operator.NOT_IN) && values.isEmpty()) {
          throw new IllegalArgumentException("values: must be non-empty for operator " + r.getOperator());
        }
        if ((op == Operator.EXISTS || op == Operator.DOES_NOT_EXIST) && !values.isEmpty()) {
          throw new IllegalArgumentException("values: must be empty for operator " + r.getOperator());
        }
        reqs.add(new Requirement(r.getKey(), op, Set.copyOf(values)));
      }
    }
    return new Selector(reqs, false);
  }

  /**
   * A map selector, as {@code labels.SelectorFromSet}: every pair must be present. An empty or
   * null map selects everything (callers decide whether that is wanted).
   */
  public static Selector ofMap(Map<String, String> matchLabels) {
    if (matchLabels == null || matchLabels.isEmpty()) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    matchLabels.forEach((k, v) -> reqs.add(new Requirement(k, Operator.IN, Set.of(v))));
    return new Selector(reqs, false);
  }

  /**
   * Whether {@code labels} (null meaning none) satisfy {@code selector}, compiled for the one call.
   *
   * @throws IllegalArgumentException for an unknown operator or a value list the operator forbids
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return of(selector).matches(labels);
  }

  /** Whether {@code selector} is null or has neither matchLabels nor matchExpressions. */
  public static boolean isEmpty(LabelSelector selector) {
    return selector == null
        || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  /** True if the selector matches {@code labels} (null means no labels). */
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

  /** True if it matches every label set. */
  public boolean isEverything() {
    return !nothing && requirements.isEmpty();
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  @Override
  public String toString() {
    if (nothing) {
      return "<none>";
    }
    List<String> parts = new ArrayList<>();
    for (Requirement r : requirements) {
      List<String> sorted = r.values().stream().sorted().toList();
      parts.add(switch (r.operator()) {
        case IN -> sorted.size() == 1 ? r.key() + "=" + sorted.getFirst() : r.key() + " in (" + String.join(",", sorted) + ")";
        case NOT_IN -> r.key() + " notin (" + String.join(",", sorted) + ")";
        case EXISTS -> r.key();
        case DOES_NOT_EXIST -> "!" + r.key();
      });
    }
    parts.sort(null);
    return String.join(",", parts);
  }
}
