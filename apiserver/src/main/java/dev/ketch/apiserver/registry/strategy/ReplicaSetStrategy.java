package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;

/**
 * ReplicaSets (pkg/registry/apps/replicaset): replicas 1 and pod template defaults; generation
 * tracked; selector required, matching the template and immutable; the template restarts Always.
 */
public final class ReplicaSetStrategy extends ObjectStrategy<ReplicaSet> {

  public ReplicaSetStrategy() {
    super(ReplicaSet.class);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(ReplicaSet rs) {
    if (rs.getSpec() == null) {
      rs.setSpec(new ReplicaSetSpec());
    }
    if (rs.getSpec().getReplicas() == null) {
      rs.getSpec().setReplicas(1);
    }
    PodDefaults.template(rs.getSpec().getTemplate());
  }

  @Override
  protected void keepOnStatusUpdate(ReplicaSet rs, ReplicaSet old) {
    Parts.keep(rs, old, "spec");
    rs.getMetadata().setLabels(Parts.deepCopy(old.getMetadata().getLabels()));
  }

  @Override
  protected void check(ReplicaSet rs, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    ReplicaSetSpec s = rs.getSpec();
    WorkloadValidation.nonNegative(s.getReplicas(), spec.child("replicas"), errs);
    WorkloadValidation.nonNegative(s.getMinReadySeconds(), spec.child("minReadySeconds"), errs);
    // Kubernetes words this one "for deployment" on ReplicaSets too.
    WorkloadValidation.selector(s.getSelector(), s.getTemplate(), "deployment", spec, errs);
    PodSpecValidation.template(s.getTemplate(), spec.child("template"), errs);
    WorkloadValidation.alwaysRestarts(s.getTemplate(), "ReplicaSet", spec.child("template"), errs);
  }

  @Override
  protected void checkUpdate(ReplicaSet rs, ReplicaSet old, FieldErrors errs) {
    WorkloadValidation.immutable(rs.getSpec().getSelector(), old.getSpec().getSelector(), rs.getSpec().getSelector(),
        FieldPath.root("spec").child("selector"), errs);
  }

  @Override
  protected void checkStatusUpdate(ReplicaSet rs, ReplicaSet old, FieldErrors errs) {
    var st = rs.getStatus();
    if (st == null) {
      return;
    }
    ReplicaCounts.check(st.getReplicas(), st.getFullyLabeledReplicas(), st.getReadyReplicas(), st.getAvailableReplicas(),
        st.getObservedGeneration(), errs);
  }
}
