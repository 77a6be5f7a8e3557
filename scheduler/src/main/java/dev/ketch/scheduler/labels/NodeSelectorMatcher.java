package dev.ketch.scheduler.labels;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled node selector, as component-helpers' {@code nodeaffinity.NodeSelector}: the terms are
 * ORed; within a term every matchExpressions requirement (on labels: In, NotIn, Exists,
 * DoesNotExist, Gt, Lt) and every matchFields requirement (only {@code metadata.name}, In or NotIn)
 * must hold; a term with neither matches nothing, and so does a selector without terms.
 * Immutable and thread-safe.
 */
public final class NodeSelectorMatcher {

  private final List<Term> terms;

  private NodeSelectorMatcher(List<Term> terms) {
    this.terms = terms;
  }

  /** One term: requirements on node labels and on node fields. */
  public record Term(List<Expression> labels, List<Expression> fields) {
    boolean matches(Node node) {
      if (labels.isEmpty() && fields.isEmpty()) {
        return false;
      }
      Map<String, String> nodeLabels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      for (Expression e : labels) {
        if (!e.matches(nodeLabels.get(e.key()))) {
          return false;
        }
      }
      for (Expression e : fields) {
        if (!e.matches(node.getMetadata().getName())) {
          return false;
        }
      }
      return true;
    }
  }

  /** One requirement: a key, an operator and its values (one integer for Gt and Lt). */
  public record Expression(String key, String operator, Set<String> values, long bound) {
    boolean matches(String value) {
      return switch (operator) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        case "Gt", "Lt" -> {
          if (value == null) {
            yield false;
          }
          try {
            long v = Long.parseLong(value);
            yield operator.equals("Gt") ? v > bound : v < bound;
          } catch (NumberFormatException e) {
            yield false;
          }
        }
        default -> false;
      };
    }
  }

  /**
   * Compiles a node selector.
   *
   * @throws IllegalArgumentException for an unknown operator, a bad Gt/Lt value or a field other
   *     than metadata.name, with upstream's wording
   */
  public static NodeSelectorMatcher of(NodeSelector selector) {
    List<Term> terms = new ArrayList<>();
    if (selector != null && selector.getNodeSelectorTerms() != null) {
      for (NodeSelectorTerm t : selector.getNodeSelectorTerms()) {
        terms.add(term(t));
      }
    }
    return new NodeSelectorMatcher(List.copyOf(terms));
  }

  /** Compiles one term on its own (a preferred scheduling term). */
  public static Term term(NodeSelectorTerm t) {
    List<Expression> labels = new ArrayList<>();
    List<Expression> fields = new ArrayList<>();
    if (t != null && t.getMatchExpressions() != null) {
      for (NodeSelectorRequirement r : t.getMatchExpressions()) {
        labels.add(expression(r));
      }
    }
    if (t != null && t.getMatchFields() != null) {
      for (NodeSelectorRequirement r : t.getMatchFields()) {
        if (!"metadata.name".equals(r.getKey())) {
          throw new IllegalArgumentException("not a valid field selector key: " + r.getKey());
        }
        if (!"In".equals(r.getOperator()) && !"NotIn".equals(r.getOperator())) {
          throw new IllegalArgumentException("\"" + r.getOperator() + "\" is not a valid field selector operator");
        }
        fields.add(expression(r));
      }
    }
    return new Term(List.copyOf(labels), List.copyOf(fields));
  }

  private static Expression expression(NodeSelectorRequirement r) {
    String op = r.getOperator() == null ? "" : r.getOperator();
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    long bound = 0;
    switch (op) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          throw new IllegalArgumentException("for 'in', 'notin' operators, values set can't be empty");
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          throw new IllegalArgumentException("values set must be empty for exists and does not exist");
        }
      }
      case "Gt", "Lt" -> {
        if (values.size() != 1) {
          throw new IllegalArgumentException("for 'Gt', 'Lt' operators, exactly one value is required");
        }
        try {
          bound = Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("for 'Gt', 'Lt' operators, the value must be an integer");
        }
      }
      default -> throw new IllegalArgumentException("\"" + op + "\" is not a valid node selector operator");
    }
    return new Expression(r.getKey(), op, Set.copyOf(values), bound);
  }

  /** Whether any term matches the node. */
  public boolean matches(Node node) {
    for (Term t : terms) {
      if (t.matches(node)) {
        return true;
      }
    }
    return false;
  }

  public List<Term> terms() {
    return terms;
  }

  /** Whether {@code term} matches the node (a preferred scheduling term's preference). */
  public static boolean matches(Term term, Node node) {
    return term.matches(node);
  }
}
