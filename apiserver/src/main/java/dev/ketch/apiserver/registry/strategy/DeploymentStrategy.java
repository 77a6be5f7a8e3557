package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;

/**
 * Deployments (pkg/registry/apps/deployment): replicas 1, RollingUpdate 25%/25%, history 10,
 * progress deadline 600 s and pod template defaults; generation tracked; selector required,
 * matching the template and immutable; the template restarts Always.
 */
public final class DeploymentStrategy extends ObjectStrategy<Deployment> {

  public DeploymentStrategy() {
    super(Deployment.class);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(Deployment d) {
    if (d.getSpec() == null) {
      d.setSpec(new DeploymentSpec());
    }
    DeploymentSpec spec = d.getSpec();
    if (spec.getReplicas() == null) {
      spec.setReplicas(1);
    }
    if (spec.getStrategy() == null) {
      spec.setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy());
    }
    var strategy = spec.getStrategy();
    if (Lists.isEmpty(strategy.getType())) {
      strategy.setType("RollingUpdate");
    }
    if (strategy.getType().equals("RollingUpdate")) {
      if (strategy.getRollingUpdate() == null) {
        strategy.setRollingUpdate(new RollingUpdateDeployment());
      }
      if (strategy.getRollingUpdate().getMaxUnavailable() == null) {
        strategy.getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
      }
      if (strategy.getRollingUpdate().getMaxSurge() == null) {
        strategy.getRollingUpdate().setMaxSurge(new IntOrString("25%"));
      }
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    if (spec.getProgressDeadlineSeconds() == null) {
      spec.setProgressDeadlineSeconds(600);
    }
    PodDefaults.template(spec.getTemplate());
  }

  @Override
  protected void keepOnStatusUpdate(Deployment d, Deployment old) {
    Parts.keep(d, old, "spec");
    d.getMetadata().setLabels(Parts.deepCopy(old.getMetadata().getLabels()));
  }

  @Override
  protected void check(Deployment d, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    DeploymentSpec s = d.getSpec();
    WorkloadValidation.nonNegative(s.getReplicas(), spec.child("replicas"), errs);
    WorkloadValidation.selector(s.getSelector(), s.getTemplate(), "deployment", spec, errs);
    PodSpecValidation.template(s.getTemplate(), spec.child("template"), errs);
    WorkloadValidation.alwaysRestarts(s.getTemplate(), "Deployment", spec.child("template"), errs);
    strategy(s.getStrategy(), spec.child("strategy"), errs);
    WorkloadValidation.nonNegative(s.getMinReadySeconds(), spec.child("minReadySeconds"), errs);
    WorkloadValidation.nonNegative(s.getRevisionHistoryLimit(), spec.child("revisionHistoryLimit"), errs);
    Integer deadline = s.getProgressDeadlineSeconds();
    if (deadline != null) {
      WorkloadValidation.nonNegative(deadline, spec.child("progressDeadlineSeconds"), errs);
      int minReady = s.getMinReadySeconds() == null ? 0 : s.getMinReadySeconds();
      if (deadline <= minReady) {
        errs.invalid(spec.child("progressDeadlineSeconds"), (long) deadline, "must be greater than minReadySeconds");
      }
    }
  }

  private static void strategy(io.fabric8.kubernetes.api.model.apps.DeploymentStrategy strategy, FieldPath path, FieldErrors errs) {
    String type = strategy == null ? "" : Lists.orEmpty(strategy.getType());
    switch (type) {
      case "Recreate" -> {
        if (strategy.getRollingUpdate() != null) {
          errs.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
        }
      }
      case "RollingUpdate" -> {
        RollingUpdateDeployment ru = strategy.getRollingUpdate();
        if (ru == null) {
          errs.required(path.child("rollingUpdate"), "this should be defaulted and never be nil");
          return;
        }
        FieldPath ruPath = path.child("rollingUpdate");
        WorkloadValidation.intOrPercent(ru.getMaxUnavailable(), ruPath.child("maxUnavailable"), errs);
        WorkloadValidation.intOrPercent(ru.getMaxSurge(), ruPath.child("maxSurge"), errs);
        if (WorkloadValidation.intOrPercentValue(ru.getMaxUnavailable()) == 0 && WorkloadValidation.intOrPercentValue(ru.getMaxSurge()) == 0) {
          errs.invalid(ruPath.child("maxUnavailable"), ru.getMaxUnavailable() == null ? new IntOrString(0) : ru.getMaxUnavailable(),
              "may not be 0 when `maxSurge` is 0");
        }
        WorkloadValidation.notMoreThan100Percent(ru.getMaxUnavailable(), ruPath.child("maxUnavailable"), errs);
      }
      default -> errs.notSupported(path, new GoFormat.Rendered("apps.DeploymentStrategy{Type:" + GoFormat.quote(type) + ", …}"),
          List.of("Recreate", "RollingUpdate"));
    }
  }

  @Override
  protected void checkUpdate(Deployment d, Deployment old, FieldErrors errs) {
    WorkloadValidation.immutable(d.getSpec().getSelector(), old.getSpec().getSelector(), d.getSpec().getSelector(),
        FieldPath.root("spec").child("selector"), errs);
  }

  @Override
  protected void checkStatusUpdate(Deployment d, Deployment old, FieldErrors errs) {
    var st = d.getStatus();
    if (st == null) {
      return;
    }
    FieldPath status = FieldPath.root("status");
    WorkloadValidation.nonNegative(st.getObservedGeneration(), status.child("observedGeneration"), errs);
    WorkloadValidation.nonNegative(st.getReplicas(), status.child("replicas"), errs);
    WorkloadValidation.nonNegative(st.getUpdatedReplicas(), status.child("updatedReplicas"), errs);
    WorkloadValidation.nonNegative(st.getReadyReplicas(), status.child("readyReplicas"), errs);
    WorkloadValidation.nonNegative(st.getAvailableReplicas(), status.child("availableReplicas"), errs);
    WorkloadValidation.nonNegative(st.getUnavailableReplicas(), status.child("unavailableReplicas"), errs);
  }

}
