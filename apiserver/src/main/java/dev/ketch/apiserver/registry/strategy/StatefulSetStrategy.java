package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;

/**
 * StatefulSets (pkg/registry/apps/statefulset): names are DNS labels (they become pod hostnames);
 * replicas 1, OrderedReady, RollingUpdate with partition 0, history 10, PVC retention Retain/Retain
 * and pod template defaults; generation tracked; selector required and matching; only replicas,
 * ordinals, template, updateStrategy, PVC retention and minReadySeconds may change.
 */
public final class StatefulSetStrategy extends ObjectStrategy<StatefulSet> {

  static final String UPDATE_FORBIDDEN = "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
      + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

  public StatefulSetStrategy() {
    super(StatefulSet.class);
  }

  @Override
  public List<String> validateName(String name) {
    return Names.dns1123Label(name);
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  protected void defaults(StatefulSet sts) {
    if (sts.getSpec() == null) {
      sts.setSpec(new StatefulSetSpec());
    }
    StatefulSetSpec spec = sts.getSpec();
    if (Lists.isEmpty(spec.getPodManagementPolicy())) {
      spec.setPodManagementPolicy("OrderedReady");
    }
    if (spec.getUpdateStrategy() == null) {
      spec.setUpdateStrategy(new StatefulSetUpdateStrategy());
    }
    StatefulSetUpdateStrategy us = spec.getUpdateStrategy();
    if (Lists.isEmpty(us.getType())) {
      us.setType("RollingUpdate");
      if (us.getRollingUpdate() == null) {
        us.setRollingUpdate(new RollingUpdateStatefulSetStrategy());
      }
    }
    if (us.getType().equals("RollingUpdate") && us.getRollingUpdate() != null && us.getRollingUpdate().getPartition() == null) {
      us.getRollingUpdate().setPartition(0);
    }
    if (spec.getPersistentVolumeClaimRetentionPolicy() == null) {
      spec.setPersistentVolumeClaimRetentionPolicy(new StatefulSetPersistentVolumeClaimRetentionPolicy());
    }
    var retention = spec.getPersistentVolumeClaimRetentionPolicy();
    if (Lists.isEmpty(retention.getWhenDeleted())) {
      retention.setWhenDeleted("Retain");
    }
    if (Lists.isEmpty(retention.getWhenScaled())) {
      retention.setWhenScaled("Retain");
    }
    if (spec.getReplicas() == null) {
      spec.setReplicas(1);
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    PodDefaults.template(spec.getTemplate());
    for (PersistentVolumeClaim claim : Lists.of(spec.getVolumeClaimTemplates())) {
      if (claim.getSpec() != null && claim.getSpec().getVolumeMode() == null) {
        claim.getSpec().setVolumeMode("Filesystem");
      }
    }
  }

  @Override
  protected void keepOnStatusUpdate(StatefulSet sts, StatefulSet old) {
    Parts.keep(sts, old, "spec");
    sts.getMetadata().setLabels(Parts.deepCopy(old.getMetadata().getLabels()));
  }

  @Override
  protected void check(StatefulSet sts, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    StatefulSetSpec s = sts.getSpec();
    String pmp = Lists.orEmpty(s.getPodManagementPolicy());
    if (pmp.isEmpty()) {
      errs.required(spec.child("podManagementPolicy"));
    } else if (!pmp.equals("OrderedReady") && !pmp.equals("Parallel")) {
      errs.invalid(spec.child("podManagementPolicy"), pmp, "must be 'OrderedReady' or 'Parallel'");
    }
    updateStrategy(s.getUpdateStrategy(), spec.child("updateStrategy"), errs);
    var retention = s.getPersistentVolumeClaimRetentionPolicy();
    if (retention != null) {
      retentionType(retention.getWhenDeleted(), spec.child("persistentVolumeClaimRetentionPolicy", "whenDeleted"), errs);
      retentionType(retention.getWhenScaled(), spec.child("persistentVolumeClaimRetentionPolicy", "whenScaled"), errs);
    }
    WorkloadValidation.nonNegative(s.getReplicas(), spec.child("replicas"), errs);
    WorkloadValidation.nonNegative(s.getMinReadySeconds(), spec.child("minReadySeconds"), errs);
    if (s.getOrdinals() != null) {
      WorkloadValidation.nonNegative(s.getOrdinals().getStart(), spec.child("ordinals.start"), errs);
    }
    WorkloadValidation.selector(s.getSelector(), s.getTemplate(), "statefulset", spec, errs);
    if (s.getTemplate() != null && s.getTemplate().getSpec() != null) {
      // Volume claim templates provide volumes the containers may mount.
      var withClaims = Parts.deepCopy(s.getTemplate());
      for (PersistentVolumeClaim claim : Lists.of(s.getVolumeClaimTemplates())) {
        String name = claim.getMetadata() == null ? null : claim.getMetadata().getName();
        if (name != null && Lists.of(withClaims.getSpec().getVolumes()).stream().noneMatch(v -> name.equals(v.getName()))) {
          withClaims.getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(name)
              .withNewPersistentVolumeClaim().withClaimName(name).endPersistentVolumeClaim().build());
        }
      }
      PodSpecValidation.template(withClaims, spec.child("template"), errs);
    }
    WorkloadValidation.alwaysRestarts(s.getTemplate(), "StatefulSet", spec.child("template"), errs);
  }

  private static void updateStrategy(StatefulSetUpdateStrategy us, FieldPath path, FieldErrors errs) {
    String type = us == null ? "" : Lists.orEmpty(us.getType());
    switch (type) {
      case "" -> errs.required(path);
      case "OnDelete" -> {
        if (us.getRollingUpdate() != null) {
          errs.invalid(path.child("rollingUpdate"), new GoFormat.Rendered("&apps.RollingUpdateStatefulSetStrategy{…}"),
              "only allowed for updateStrategy 'RollingUpdate'");
        }
      }
      case "RollingUpdate" -> {
        var ru = us.getRollingUpdate();
        if (ru != null) {
          FieldPath ruPath = path.child("rollingUpdate");
          WorkloadValidation.nonNegative(ru.getPartition(), ruPath.child("partition"), errs);
          if (ru.getMaxUnavailable() != null) {
            WorkloadValidation.intOrPercent(ru.getMaxUnavailable(), ruPath.child("maxUnavailable"), errs);
            if (WorkloadValidation.intOrPercentValue(ru.getMaxUnavailable()) == 0) {
              errs.invalid(ruPath.child("maxUnavailable"), ru.getMaxUnavailable(), "cannot be 0");
            }
            WorkloadValidation.notMoreThan100Percent(ru.getMaxUnavailable(), ruPath.child("maxUnavailable"), errs);
          }
        }
      }
      default -> errs.invalid(path, new GoFormat.Rendered("apps.StatefulSetUpdateStrategy{Type:" + GoFormat.quote(type) + ", …}"),
          "must be 'RollingUpdate' or 'OnDelete'");
    }
  }

  private static void retentionType(String policy, FieldPath path, FieldErrors errs) {
    String p = Lists.orEmpty(policy);
    if (!p.equals("Retain") && !p.equals("Delete")) {
      errs.notSupported(path, p, List.of("Retain", "Delete"));
    }
  }

  @Override
  protected void checkUpdate(StatefulSet sts, StatefulSet old, FieldErrors errs) {
    StatefulSetSpec munged = Parts.deepCopy(sts.getSpec());
    StatefulSetSpec before = old.getSpec();
    munged.setReplicas(before.getReplicas());
    munged.setTemplate(before.getTemplate());
    munged.setUpdateStrategy(before.getUpdateStrategy());
    munged.setMinReadySeconds(before.getMinReadySeconds());
    munged.setOrdinals(before.getOrdinals());
    munged.setPersistentVolumeClaimRetentionPolicy(before.getPersistentVolumeClaimRetentionPolicy());
    if (!JsonDiff.same(munged, before)) {
      errs.forbidden(FieldPath.root("spec"), UPDATE_FORBIDDEN);
    }
  }

  @Override
  protected void checkStatusUpdate(StatefulSet sts, StatefulSet old, FieldErrors errs) {
    var st = sts.getStatus();
    if (st == null) {
      return;
    }
    FieldPath status = FieldPath.root("status");
    WorkloadValidation.nonNegative(st.getReplicas(), status.child("replicas"), errs);
    WorkloadValidation.nonNegative(st.getReadyReplicas(), status.child("readyReplicas"), errs);
    WorkloadValidation.nonNegative(st.getCurrentReplicas(), status.child("currentReplicas"), errs);
    WorkloadValidation.nonNegative(st.getUpdatedReplicas(), status.child("updatedReplicas"), errs);
    WorkloadValidation.nonNegative(st.getAvailableReplicas(), status.child("availableReplicas"), errs);
    WorkloadValidation.nonNegative(st.getObservedGeneration(), status.child("observedGeneration"), errs);
  }
}
