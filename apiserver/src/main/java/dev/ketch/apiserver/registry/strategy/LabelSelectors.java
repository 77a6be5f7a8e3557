package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.MetadataValidation;
import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Label selectors (metav1.LabelSelector): matching and ValidateLabelSelector. Stateless. */
public final class LabelSelectors {

  private LabelSelectors() {}

  /**
   * Whether the selector selects objects with these labels: a null selector selects nothing, an
   * empty one everything.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = Lists.of(labels);
    for (var e : Lists.of(selector.getMatchLabels()).entrySet()) {
      if (!e.getValue().equals(l.get(e.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement r : Lists.of(selector.getMatchExpressions())) {
      String v = l.get(r.getKey());
      List<String> values = Lists.of(r.getValues());
      boolean ok = switch (Lists.orEmpty(r.getOperator())) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether the selector has no requirement at all. */
  public static boolean isEmpty(LabelSelector selector) {
    return selector != null && Lists.of(selector.getMatchLabels()).isEmpty() && Lists.of(selector.getMatchExpressions()).isEmpty();
  }

  /** ValidateLabelSelector at {@code path}; nothing for a null selector. */
  public static void validate(LabelSelector selector, FieldPath path, FieldErrors errs) {
    if (selector == null) {
      return;
    }
    List<LabelSelectorRequirement> exprs = Lists.of(selector.getMatchExpressions());
    for (int i = 0; i < exprs.size(); i++) {
      LabelSelectorRequirement r = exprs.get(i);
      FieldPath at = path.child("matchExpressions").index(i);
      List<String> values = Lists.of(r.getValues());
      switch (Lists.orEmpty(r.getOperator())) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errs.required(at.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.forbidden(at.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
          }
        }
        default -> errs.invalid(at.child("operator"), Lists.orEmpty(r.getOperator()), "not a valid selector operator");
      }
      errs.invalidEach(at.child("key"), Lists.orEmpty(r.getKey()), Names.qualifiedName(Lists.orEmpty(r.getKey())));
      for (int v = 0; v < values.size(); v++) {
        errs.invalidEach(at.child("values").index(v), values.get(v), Names.labelValue(values.get(v)));
      }
    }
    errs.addAll(MetadataValidation.labels(selector.getMatchLabels(), path.child("matchLabels").path()));
  }
}
