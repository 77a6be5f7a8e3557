package dev.ketch.apiserver.selection;

import dev.ketch.apiserver.errors.StatusException;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A label selector: the {@code labelSelector} query parameter and the selectors of workloads,
 * with the syntax, validation, matching and canonical text of Kubernetes' {@code labels} package.
 * Requirements are ANDed and kept sorted by key (stably), as upstream sorts them. Immutable and
 * thread-safe.
 *
 * <p>Query syntax: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin
 * (a,b)}, {@code k}, {@code !k}, {@code k>n}, {@code k<n}, separated by commas; whitespace is
 * allowed around operators and values.
 */
public final class LabelSelector {

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private final List<LabelRequirement> requirements;
  private final boolean nothing;

  private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
    List<LabelRequirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(LabelRequirement::key));
    this.requirements = List.copyOf(sorted);
    this.nothing = nothing;
  }

  /** The selector that matches every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * The selector that matches no object: what upstream makes of a workload without a selector
   * (a nil {@code LabelSelector}). It prints as the empty string.
   */
  public static LabelSelector nothing() {
    return NOTHING;
  }

  /**
   * Parses the query syntax. A null or blank text selects everything.
   *
   * @throws StatusException 400 BadRequest with upstream's message, e.g. {@code unable to parse
   *     requirement: <nil>: Invalid value: "a b": …} or {@code found 'x', expected: ',' or 'end of
   *     string'}
   */
  public static LabelSelector parse(String text) {
    if (text == null) {
      return EVERYTHING;
    }
    try {
      List<LabelRequirement> requirements = LabelSelectorParser.parse(text);
      return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements, false);
    } catch (LabelSelectorParser.ParseException e) {
      throw StatusException.badRequest(e.getMessage());
    }
  }

  /**
   * The selector that requires exactly these labels, without validating them (upstream's {@code
   * SelectorFromSet}); an empty map selects everything.
   */
  public static LabelSelector fromSet(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return EVERYTHING;
    }
    List<LabelRequirement> requirements = new ArrayList<>();
    new TreeMap<>(labels).forEach((k, v) -> requirements.add(new LabelRequirement(k, LabelOperator.EQUALS, List.of(v))));
    return new LabelSelector(requirements, false);
  }

  /**
   * The selector a workload's {@code spec.selector} stands for (upstream's {@code
   * LabelSelectorAsSelector}): null selects nothing, an empty one everything.
   *
   * @throws IllegalArgumentException with upstream's message when a key, value or operator is
   *     invalid
   */
  public static LabelSelector fromModel(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) {
      return NOTHING;
    }
    Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    if (matchLabels.isEmpty() && expressions.isEmpty()) {
      return EVERYTHING;
    }
    List<LabelRequirement> requirements = new ArrayList<>();
    try {
      for (Map.Entry<String, String> e : new TreeMap<>(matchLabels).entrySet()) {
        requirements.add(requirement(e.getKey(), LabelOperator.EQUALS, List.of(Objects.requireNonNullElse(e.getValue(), ""))));
      }
      for (LabelSelectorRequirement expression : expressions) {
        String op = Objects.requireNonNullElse(expression.getOperator(), "");
        LabelOperator operator = switch (op) {
          case "In" -> LabelOperator.IN;
          case "NotIn" -> LabelOperator.NOT_IN;
          case "Exists" -> LabelOperator.EXISTS;
          case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
          default -> throw new LabelSelectorParser.ParseException(GoText.quote(op) + " is not a valid label selector operator");
        };
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        requirements.add(requirement(Objects.requireNonNullElse(expression.getKey(), ""), operator, values));
      }
    } catch (LabelSelectorParser.ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new LabelSelector(requirements, false);
  }

  /**
   * A validated requirement, as upstream's {@code NewRequirement}: the key must be a qualified
   * name, the values valid label values, and their number fit the operator.
   */
  static LabelRequirement requirement(String key, LabelOperator operator, List<String> values)
      throws LabelSelectorParser.ParseException {
    List<String> errors = new ArrayList<>();
    List<String> keyErrors = LabelSyntax.labelKeyErrors(key);
    if (!keyErrors.isEmpty()) {
      errors.add(GoText.invalid("key", key, String.join("; ", keyErrors)));
    }
    switch (operator) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) {
          errors.add("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) {
          errors.add("values: Invalid value: " + goSlice(values) + ": exact-match compatibility requires one single value");
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) {
          errors.add("values: Invalid value: " + goSlice(values) + ": values set must be empty for exists and does not exist");
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errors.add("values: Invalid value: " + goSlice(values) + ": for 'Gt', 'Lt' operators, exactly one value is required");
        }
        for (int i = 0; i < values.size(); i++) {
          if (GoText.parseInt(values.get(i)) == null) {
            errors.add(GoText.invalid("values[" + i + "]", values.get(i), "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      List<String> valueErrors = LabelSyntax.labelValueErrors(values.get(i));
      if (!valueErrors.isEmpty()) {
        errors.add(GoText.invalid("values[" + i + "][" + key + "]", values.get(i), String.join("; ", valueErrors)));
      }
    }
    String message = GoText.aggregate(errors);
    if (message != null) {
      throw new LabelSelectorParser.ParseException(message);
    }
    return new LabelRequirement(key, operator, values);
  }

  private static String goSlice(List<String> values) {
    return "[]string{" + String.join(", ", values.stream().map(GoText::quote).toList()) + "}";
  }

  /** Whether an object with these labels is selected; null labels count as none. */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    for (LabelRequirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the selector selects every object (no requirements). */
  public boolean isEverything() {
    return !nothing && requirements.isEmpty();
  }

  /** The requirements, sorted by key. */
  public List<LabelRequirement> requirements() {
    return requirements;
  }

  /**
   * The value a label must have for the selector to match, when a requirement on that key pins
   * one ({@code k=v}, {@code k==v}, {@code k in (v)}): lets a store narrow a scan by an index.
   */
  public Optional<String> requiresExactMatch(String key) {
    for (LabelRequirement r : requirements) {
      if (r.key().equals(key)) {
        return switch (r.operator()) {
          case EQUALS, DOUBLE_EQUALS, IN -> r.values().size() == 1 ? Optional.of(r.values().getFirst()) : Optional.empty();
          default -> Optional.empty();
        };
      }
    }
    return Optional.empty();
  }

  /** The canonical text: requirements sorted by key, joined by commas; empty for everything. */
  @Override
  public String toString() {
    return String.join(",", requirements.stream().map(LabelRequirement::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requirements, nothing);
  }
}
