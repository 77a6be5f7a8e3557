package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * DaemonSets (pkg/registry/apps/daemonset): RollingUpdate with maxUnavailable 1 and maxSurge 0,
 * history 10 and pod template defaults; generation tracked, and the template generation kept in
 * the {@code deprecated.daemonset.template.generation} annotation as apps/v1 does; selector
 * matching the template and immutable; the template restarts Always.
 */
public final class DaemonSetStrategy extends ObjectStrategy<DaemonSet> {

  /** Where apps/v1 keeps the internal spec.templateGeneration. */
  public static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

  public DaemonSetStrategy() {
    super(DaemonSet.class);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(DaemonSet ds) {
    if (ds.getSpec() == null) {
      ds.setSpec(new DaemonSetSpec());
    }
    DaemonSetSpec spec = ds.getSpec();
    if (spec.getUpdateStrategy() == null) {
      spec.setUpdateStrategy(new DaemonSetUpdateStrategy());
    }
    DaemonSetUpdateStrategy us = spec.getUpdateStrategy();
    if (Lists.isEmpty(us.getType())) {
      us.setType("RollingUpdate");
    }
    if (us.getType().equals("RollingUpdate")) {
      if (us.getRollingUpdate() == null) {
        us.setRollingUpdate(new RollingUpdateDaemonSet());
      }
      if (us.getRollingUpdate().getMaxUnavailable() == null) {
        us.getRollingUpdate().setMaxUnavailable(new IntOrString(1));
      }
      if (us.getRollingUpdate().getMaxSurge() == null) {
        us.getRollingUpdate().setMaxSurge(new IntOrString(0));
      }
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    PodDefaults.template(spec.getTemplate());
  }

  @Override
  protected void resetOnCreate(DaemonSet ds) {
    super.resetOnCreate(ds);
    setTemplateGeneration(ds, Math.max(1, templateGeneration(ds)));
  }

  @Override
  protected void keepOnUpdate(DaemonSet ds, DaemonSet old) {
    super.keepOnUpdate(ds, old);
    long generation = templateGeneration(old);
    if (!JsonDiff.same(ds.getSpec().getTemplate(), old.getSpec().getTemplate())) {
      generation++;
    }
    setTemplateGeneration(ds, Math.max(1, generation));
  }

  @Override
  protected void keepOnStatusUpdate(DaemonSet ds, DaemonSet old) {
    Parts.keep(ds, old, "spec");
    ds.getMetadata().setLabels(Parts.deepCopy(old.getMetadata().getLabels()));
  }

  private static long templateGeneration(DaemonSet ds) {
    String v = Lists.of(ds.getMetadata().getAnnotations()).get(TEMPLATE_GENERATION);
    try {
      return v == null ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void setTemplateGeneration(DaemonSet ds, long generation) {
    var annotations = ds.getMetadata().getAnnotations() == null
        ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(ds.getMetadata().getAnnotations());
    annotations.put(TEMPLATE_GENERATION, Long.toString(generation));
    ds.getMetadata().setAnnotations(annotations);
  }

  @Override
  protected void check(DaemonSet ds, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    DaemonSetSpec s = ds.getSpec();
    LabelSelectors.validate(s.getSelector(), spec.child("selector"), errs);
    if (!LabelSelectors.matches(s.getSelector(), WorkloadValidation.templateLabels(s.getTemplate()))) {
      errs.invalid(spec.child("template", "metadata", "labels"), GoFormat.stringMap(WorkloadValidation.templateLabels(s.getTemplate())),
          "`selector` does not match template `labels`");
    }
    if (LabelSelectors.isEmpty(s.getSelector())) {
      errs.invalid(spec.child("selector"), s.getSelector(), "empty selector is invalid for daemonset");
    }
    PodSpecValidation.template(s.getTemplate(), spec.child("template"), errs);
    WorkloadValidation.alwaysRestarts(s.getTemplate(), "DaemonSet", spec.child("template"), errs);
    WorkloadValidation.nonNegative(s.getMinReadySeconds(), spec.child("minReadySeconds"), errs);
    updateStrategy(s.getUpdateStrategy(), spec.child("updateStrategy"), errs);
    WorkloadValidation.nonNegative(s.getRevisionHistoryLimit(), spec.child("revisionHistoryLimit"), errs);
  }

  private static void updateStrategy(DaemonSetUpdateStrategy us, FieldPath path, FieldErrors errs) {
    String type = us == null ? "" : Lists.orEmpty(us.getType());
    switch (type) {
      case "OnDelete" -> { }
      case "RollingUpdate" -> {
        RollingUpdateDaemonSet ru = us.getRollingUpdate();
        if (ru == null) {
          errs.required(path.child("rollingUpdate"));
          return;
        }
        FieldPath ruPath = path.child("rollingUpdate");
        WorkloadValidation.intOrPercent(ru.getMaxUnavailable(), ruPath.child("maxUnavailable"), errs);
        WorkloadValidation.intOrPercent(ru.getMaxSurge(), ruPath.child("maxSurge"), errs);
        WorkloadValidation.notMoreThan100Percent(ru.getMaxUnavailable(), ruPath.child("maxUnavailable"), errs);
        WorkloadValidation.notMoreThan100Percent(ru.getMaxSurge(), ruPath.child("maxSurge"), errs);
        boolean unavailable = WorkloadValidation.intOrPercentValue(ru.getMaxUnavailable()) != 0;
        boolean surge = WorkloadValidation.intOrPercentValue(ru.getMaxSurge()) != 0;
        if (unavailable && surge) {
          errs.invalid(ruPath.child("maxSurge"), ru.getMaxSurge(), "may not be set when maxUnavailable is non-zero");
        } else if (!unavailable && !surge) {
          errs.required(ruPath.child("maxUnavailable"), "cannot be 0 when maxSurge is 0");
        }
      }
      default -> errs.notSupported(path, new GoFormat.Rendered("apps.DaemonSetUpdateStrategy{Type:" + GoFormat.quote(type) + ", …}"),
          List.of("RollingUpdate", "OnDelete"));
    }
  }

  @Override
  protected void checkUpdate(DaemonSet ds, DaemonSet old, FieldErrors errs) {
    WorkloadValidation.immutable(ds.getSpec().getSelector(), old.getSpec().getSelector(), ds.getSpec().getSelector(),
        FieldPath.root("spec").child("selector"), errs);
  }
}
