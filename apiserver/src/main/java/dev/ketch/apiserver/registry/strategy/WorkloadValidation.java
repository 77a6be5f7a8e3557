package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rules shared by the workload resources (apps/validation and batch/validation): a required,
 * non-empty selector that matches the template's labels, pod templates that restart Always,
 * int-or-percent fields, and immutable fields. Stateless.
 */
final class WorkloadValidation {

  private WorkloadValidation() {}

  /** The template's labels, never null. */
  static Map<String, String> templateLabels(PodTemplateSpec template) {
    return template == null || template.getMetadata() == null ? null : template.getMetadata().getLabels();
  }

  /**
   * spec.selector required and not empty ({@code empty selector is invalid for <kind>}), valid,
   * and matching the template labels.
   */
  static void selector(LabelSelector selector, PodTemplateSpec template, String kindWord, FieldPath spec, FieldErrors errs) {
    FieldPath selectorPath = spec.child("selector");
    if (selector == null) {
      errs.required(selectorPath);
    } else {
      LabelSelectors.validate(selector, selectorPath, errs);
      if (LabelSelectors.isEmpty(selector)) {
        errs.invalid(selectorPath, selector, "empty selector is invalid for " + kindWord);
      }
    }
    selectorMatchesTemplate(selector, template, spec.child("template"), errs);
  }

  /** The template's labels must be selected, unless the selector is empty. */
  static void selectorMatchesTemplate(LabelSelector selector, PodTemplateSpec template, FieldPath templatePath, FieldErrors errs) {
    if (template == null || LabelSelectors.isEmpty(selector)) {
      return;
    }
    Map<String, String> labels = templateLabels(template);
    if (!LabelSelectors.matches(selector, labels)) {
      errs.invalid(templatePath.child("metadata", "labels"), GoFormat.stringMap(labels), "`selector` does not match template `labels`");
    }
  }

  /** Pods of controllers that keep them running must restart Always and have no deadline. */
  static void alwaysRestarts(PodTemplateSpec template, String kind, FieldPath templatePath, FieldErrors errs) {
    if (template == null || template.getSpec() == null) {
      return;
    }
    String policy = Lists.orEmpty(template.getSpec().getRestartPolicy());
    if (!policy.equals("Always")) {
      errs.notSupported(templatePath.child("spec", "restartPolicy"), policy, List.of("Always"));
    }
    if (template.getSpec().getActiveDeadlineSeconds() != null) {
      errs.forbidden(templatePath.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in " + kind + " is not Supported");
    }
  }

  /** ValidatePositiveIntOrPercent. */
  static void intOrPercent(IntOrString v, FieldPath path, FieldErrors errs) {
    if (v == null) {
      return;
    }
    if (v.getStrVal() != null) {
      errs.invalidEach(path, v, Formats.percent(v.getStrVal()));
    } else if (v.getIntVal() != null && v.getIntVal() < 0) {
      errs.invalid(path, (long) v.getIntVal(), "must be greater than or equal to 0");
    }
  }

  /** getIntOrPercentValue: the number of an int or of a valid percentage, else 0. */
  static int intOrPercentValue(IntOrString v) {
    if (v == null) {
      return 0;
    }
    if (v.getStrVal() != null) {
      return Formats.percent(v.getStrVal()).isEmpty() ? Integer.parseInt(v.getStrVal().substring(0, v.getStrVal().length() - 1)) : 0;
    }
    return v.getIntVal() == null ? 0 : v.getIntVal();
  }

  /** IsNotMoreThan100Percent. */
  static void notMoreThan100Percent(IntOrString v, FieldPath path, FieldErrors errs) {
    if (v != null && v.getStrVal() != null && Formats.percent(v.getStrVal()).isEmpty() && intOrPercentValue(v) > 100) {
      errs.invalid(path, v, "must not be greater than 100%");
    }
  }

  /** ValidateImmutableField. */
  static void immutable(Object now, Object before, Object shown, FieldPath path, FieldErrors errs) {
    if (!JsonDiff.same(now, before)) {
      errs.invalid(path, shown, "field is immutable");
    }
  }

  static void nonNegative(Number n, FieldPath path, FieldErrors errs) {
    ContainerValidation.nonNegative(n, path, errs);
  }

  static boolean equal(Object a, Object b) {
    return Objects.equals(a, b);
  }
}
