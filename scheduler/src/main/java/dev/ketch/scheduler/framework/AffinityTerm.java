package dev.ketch.scheduler.framework;

import dev.ketch.scheduler.labels.LabelMatcher;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled pod (anti-)affinity term: which pods it selects and over which topology key. A pod is
 * selected when it is in one of the namespaces (or its namespace's labels match the namespace
 * selector) and its labels match the selector. As upstream: no namespaces and no namespace
 * selector mean the owning pod's namespace; an empty namespace selector means every namespace.
 * Immutable.
 *
 * @param namespaces namespaces named explicitly
 * @param selector the pod label selector, with matchLabelKeys and mismatchLabelKeys folded in
 * @param topologyKey the node label that defines the domain
 * @param namespaceSelector selects namespaces by their labels ({@link LabelMatcher#NOTHING} when absent)
 */
public record AffinityTerm(Set<String> namespaces, LabelMatcher selector, String topologyKey, LabelMatcher namespaceSelector) {

  /**
   * Compiles {@code term} of {@code owner}.
   *
   * @throws IllegalArgumentException when a selector is invalid
   */
  public static AffinityTerm of(Pod owner, PodAffinityTerm term) {
    String ns = owner.getMetadata().getNamespace();
    Set<String> namespaces;
    if ((term.getNamespaces() == null || term.getNamespaces().isEmpty()) && term.getNamespaceSelector() == null) {
      namespaces = Set.of(ns);
    } else {
      namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
    }
    LabelMatcher selector = LabelMatcher.of(term.getLabelSelector());
    Map<String, String> labels = owner.getMetadata().getLabels() == null ? Map.of() : owner.getMetadata().getLabels();
    List<LabelMatcher.Requirement> extra = new ArrayList<>();
    if (term.getLabelSelector() != null) {
      // matchLabelKeys and mismatchLabelKeys take the owner's values, as the API server folds them in.
      for (String key : list(term.getMatchLabelKeys())) {
        if (labels.containsKey(key)) {
          extra.add(new LabelMatcher.Requirement(key, LabelMatcher.Operator.IN, Set.of(labels.get(key))));
        }
      }
      for (String key : list(term.getMismatchLabelKeys())) {
        if (labels.containsKey(key)) {
          extra.add(new LabelMatcher.Requirement(key, LabelMatcher.Operator.NOT_IN, Set.of(labels.get(key))));
        }
      }
    }
    return new AffinityTerm(namespaces, selector.and(extra), term.getTopologyKey() == null ? "" : term.getTopologyKey(),
        LabelMatcher.of(term.getNamespaceSelector()));
  }

  /** Whether the term selects {@code pod}, whose namespace has {@code namespaceLabels}. */
  public boolean matches(PodInfo pod, Map<String, String> namespaceLabels) {
    if (namespaces.contains(pod.namespace()) || namespaceSelector.matches(namespaceLabels)) {
      return selector.matches(pod.labels());
    }
    return false;
  }

  /** Whether the term depends on namespace labels, so callers need to look them up. */
  public boolean usesNamespaceSelector() {
    return !namespaceSelector.isNothing();
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  /**
   * A preferred term with its weight.
   *
   * @param term the term
   * @param weight 1–100
   */
  public record Weighted(AffinityTerm term, int weight) {}
}
