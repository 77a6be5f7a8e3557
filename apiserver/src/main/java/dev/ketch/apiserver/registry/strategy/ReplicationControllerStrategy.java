package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import java.util.LinkedHashMap;

/**
 * ReplicationControllers (pkg/registry/core/replicationcontroller): the selector and object labels
 * default to the template's labels, replicas to 1; generation tracked; a non-empty selector that
 * matches the template; the template restarts Always.
 */
public final class ReplicationControllerStrategy extends ObjectStrategy<ReplicationController> {

  public ReplicationControllerStrategy() {
    super(ReplicationController.class);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(ReplicationController rc) {
    if (rc.getSpec() == null) {
      rc.setSpec(new ReplicationControllerSpec());
    }
    ReplicationControllerSpec spec = rc.getSpec();
    var labels = WorkloadValidation.templateLabels(spec.getTemplate());
    if (labels != null) {
      if (Lists.of(spec.getSelector()).isEmpty()) {
        spec.setSelector(new LinkedHashMap<>(labels));
      }
      if (Lists.of(rc.getMetadata().getLabels()).isEmpty()) {
        rc.getMetadata().setLabels(new LinkedHashMap<>(labels));
      }
    }
    if (spec.getReplicas() == null) {
      spec.setReplicas(1);
    }
    PodDefaults.template(spec.getTemplate());
  }

  @Override
  protected void check(ReplicationController rc, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    ReplicationControllerSpec s = rc.getSpec();
    WorkloadValidation.nonNegative(s.getMinReadySeconds(), spec.child("minReadySeconds"), errs);
    if (Lists.of(s.getSelector()).isEmpty()) {
      errs.required(spec.child("selector"));
    }
    WorkloadValidation.nonNegative(s.getReplicas(), spec.child("replicas"), errs);
    FieldPath template = spec.child("template");
    if (s.getTemplate() == null) {
      errs.required(template);
      return;
    }
    var labels = WorkloadValidation.templateLabels(s.getTemplate());
    if (!Lists.of(s.getSelector()).isEmpty()) {
      boolean matches = s.getSelector().entrySet().stream().allMatch(e -> e.getValue().equals(Lists.of(labels).get(e.getKey())));
      if (!matches) {
        errs.invalid(template.child("metadata", "labels"), GoFormat.stringMap(labels), "`selector` does not match template `labels`");
      }
    }
    PodSpecValidation.template(s.getTemplate(), template, errs);
    WorkloadValidation.alwaysRestarts(s.getTemplate(), "ReplicationController", template, errs);
  }

  @Override
  protected void checkStatusUpdate(ReplicationController rc, ReplicationController old, FieldErrors errs) {
    var st = rc.getStatus();
    if (st == null) {
      return;
    }
    ReplicaCounts.check(st.getReplicas(), st.getFullyLabeledReplicas(), st.getReadyReplicas(), st.getAvailableReplicas(),
        st.getObservedGeneration(), errs);
  }
}
