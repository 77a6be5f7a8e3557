package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** PodDisruptionBudgets, PriorityClasses, StorageClasses, LimitRanges and ResourceQuotas. */
public final class PolicyStrategies {

  /** The highest value a PriorityClass not named system-… may have. */
  public static final int HIGHEST_USER_PRIORITY = 1_000_000_000;
  /** The built-in system PriorityClasses and their values. */
  public static final Map<String, Integer> SYSTEM_PRIORITY_CLASSES =
      Map.of("system-cluster-critical", 2_000_000_000, "system-node-critical", 2_000_001_000);

  private PolicyStrategies() {}

  /**
   * PodDisruptionBudgets: generation tracked; minAvailable and maxUnavailable are exclusive,
   * non-negative ints or percentages of at most 100%.
   */
  public static final class PodDisruptionBudgetStrategy extends ObjectStrategy<PodDisruptionBudget> {

    public PodDisruptionBudgetStrategy() {
      super(PodDisruptionBudget.class);
    }

    @Override
    public boolean tracksGeneration() {
      return true;
    }

    @Override
    protected void check(PodDisruptionBudget pdb, FieldErrors errs) {
      FieldPath spec = FieldPath.root("spec");
      var s = pdb.getSpec();
      if (s == null) {
        return;
      }
      if (s.getMinAvailable() != null && s.getMaxUnavailable() != null) {
        errs.invalid(spec, new GoFormat.Rendered("policy.PodDisruptionBudgetSpec{…}"), "minAvailable and maxUnavailable cannot be both set");
      }
      if (s.getMinAvailable() != null) {
        WorkloadValidation.intOrPercent(s.getMinAvailable(), spec.child("minAvailable"), errs);
        WorkloadValidation.notMoreThan100Percent(s.getMinAvailable(), spec.child("minAvailable"), errs);
      }
      if (s.getMaxUnavailable() != null) {
        WorkloadValidation.intOrPercent(s.getMaxUnavailable(), spec.child("maxUnavailable"), errs);
        WorkloadValidation.notMoreThan100Percent(s.getMaxUnavailable(), spec.child("maxUnavailable"), errs);
      }
      LabelSelectors.validate(s.getSelector(), spec.child("selector"), errs);
      String policy = s.getUnhealthyPodEvictionPolicy();
      if (policy != null && !policy.equals("IfHealthyBudget") && !policy.equals("AlwaysAllow")) {
        errs.notSupported(spec.child("unhealthyPodEvictionPolicy"), policy, List.of("AlwaysAllow", "IfHealthyBudget"));
      }
    }
  }

  /**
   * PriorityClasses: preemptionPolicy PreemptLowerPriority; the system- prefix is reserved for the
   * built-in classes; user classes at most one billion; value and preemptionPolicy immutable.
   */
  public static final class PriorityClassStrategy extends ObjectStrategy<PriorityClass> {

    public PriorityClassStrategy() {
      super(PriorityClass.class);
    }

    @Override
    protected void defaults(PriorityClass pc) {
      if (pc.getPreemptionPolicy() == null) {
        pc.setPreemptionPolicy("PreemptLowerPriority");
      }
    }

    @Override
    protected void check(PriorityClass pc, FieldErrors errs) {
      String name = Lists.orEmpty(pc.getMetadata().getName());
      int value = pc.getValue() == null ? 0 : pc.getValue();
      if (name.startsWith("system-")) {
        Integer known = SYSTEM_PRIORITY_CLASSES.get(name);
        String problem = known == null ? "priority class " + name + " is not known to the system"
            : known != value ? "value of " + name + " PriorityClass must be " + known
            : Boolean.TRUE.equals(pc.getGlobalDefault()) ? "globalDefault of " + name + " PriorityClass must be false" : null;
        if (problem != null) {
          errs.forbidden(FieldPath.root("metadata").child("name"),
              "priority class names with 'system-' prefix are reserved for system use only. error: " + problem);
        }
      } else if (value > HIGHEST_USER_PRIORITY) {
        errs.forbidden(FieldPath.root("value"), "maximum allowed value of a user defined priority is " + HIGHEST_USER_PRIORITY);
      }
      if (pc.getPreemptionPolicy() != null && !List.of("PreemptLowerPriority", "Never").contains(pc.getPreemptionPolicy())) {
        errs.notSupported(FieldPath.root("preemptionPolicy"), pc.getPreemptionPolicy(), List.of("PreemptLowerPriority", "Never"));
      }
    }

    @Override
    protected void checkUpdate(PriorityClass pc, PriorityClass old, FieldErrors errs) {
      if (!Objects.equals(pc.getValue(), old.getValue())) {
        errs.forbidden(FieldPath.root("value"), "may not be changed in an update.");
      }
      if (!Objects.equals(pc.getPreemptionPolicy(), old.getPreemptionPolicy())) {
        errs.invalid(FieldPath.root("preemptionPolicy"), pc.getPreemptionPolicy(), "field is immutable");
      }
    }
  }

  /**
   * StorageClasses: reclaimPolicy Delete, volumeBindingMode Immediate; a provisioner is required;
   * parameters, provisioner, reclaimPolicy and volumeBindingMode cannot change.
   */
  public static final class StorageClassStrategy extends ObjectStrategy<StorageClass> {

    public StorageClassStrategy() {
      super(StorageClass.class);
    }

    @Override
    protected void defaults(StorageClass sc) {
      if (Lists.isEmpty(sc.getReclaimPolicy())) {
        sc.setReclaimPolicy("Delete");
      }
      if (Lists.isEmpty(sc.getVolumeBindingMode())) {
        sc.setVolumeBindingMode("Immediate");
      }
    }

    @Override
    protected void check(StorageClass sc, FieldErrors errs) {
      if (Lists.isEmpty(sc.getProvisioner())) {
        errs.required(FieldPath.root("provisioner"));
      } else {
        errs.invalidEach(FieldPath.root("provisioner"), sc.getProvisioner(), dev.ketch.apiserver.validation.Names.qualifiedName(sc.getProvisioner()));
      }
      if (!List.of("Delete", "Retain").contains(sc.getReclaimPolicy())) {
        errs.notSupported(FieldPath.root("reclaimPolicy"), sc.getReclaimPolicy(), List.of("Delete", "Retain"));
      }
      if (!List.of("Immediate", "WaitForFirstConsumer").contains(sc.getVolumeBindingMode())) {
        errs.notSupported(FieldPath.root("volumeBindingMode"), sc.getVolumeBindingMode(), List.of("Immediate", "WaitForFirstConsumer"));
      }
    }

    @Override
    protected void checkUpdate(StorageClass sc, StorageClass old, FieldErrors errs) {
      if (!Objects.equals(Lists.of(sc.getParameters()), Lists.of(old.getParameters()))) {
        errs.forbidden(FieldPath.root("parameters"), "updates to parameters are forbidden.");
      }
      if (!Objects.equals(sc.getProvisioner(), old.getProvisioner())) {
        errs.forbidden(FieldPath.root("provisioner"), "updates to provisioner are forbidden.");
      }
      if (!Objects.equals(sc.getReclaimPolicy(), old.getReclaimPolicy())) {
        errs.forbidden(FieldPath.root("reclaimPolicy"), "updates to reclaimPolicy are forbidden.");
      }
      if (!Objects.equals(sc.getVolumeBindingMode(), old.getVolumeBindingMode())) {
        errs.invalid(FieldPath.root("volumeBindingMode"), sc.getVolumeBindingMode(), "field is immutable");
      }
    }
  }

  /**
   * LimitRanges: SetDefaults_LimitRangeItem for Container items (default limit from max, default
   * request from default limit or min); types and min/max/default consistency.
   */
  public static final class LimitRangeStrategy extends ObjectStrategy<LimitRange> {

    public LimitRangeStrategy() {
      super(LimitRange.class);
    }

    @Override
    protected void defaults(LimitRange lr) {
      if (lr.getSpec() == null) {
        return;
      }
      for (LimitRangeItem item : Lists.of(lr.getSpec().getLimits())) {
        if (!"Container".equals(item.getType())) {
          continue;
        }
        Map<String, Quantity> def = new LinkedHashMap<>(Lists.of(item.getDefault()));
        Map<String, Quantity> defReq = new LinkedHashMap<>(Lists.of(item.getDefaultRequest()));
        Lists.of(item.getMax()).forEach((k, v) -> def.putIfAbsent(k, copy(v)));
        def.forEach((k, v) -> defReq.putIfAbsent(k, copy(v)));
        Lists.of(item.getMin()).forEach((k, v) -> defReq.putIfAbsent(k, copy(v)));
        item.setDefault(def);
        item.setDefaultRequest(defReq);
      }
    }

    private static Quantity copy(Quantity q) {
      return new Quantity(q.getAmount(), q.getFormat());
    }

    @Override
    protected void check(LimitRange lr, FieldErrors errs) {
      if (lr.getSpec() == null) {
        return;
      }
      List<LimitRangeItem> items = Lists.of(lr.getSpec().getLimits());
      java.util.Set<String> types = new java.util.HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        LimitRangeItem item = items.get(i);
        FieldPath at = FieldPath.root("spec").child("limits").index(i);
        String type = Lists.orEmpty(item.getType());
        if (!type.contains("/") && !List.of("Pod", "Container", "PersistentVolumeClaim").contains(type)) {
          errs.invalid(at.child("type"), type, "must be a standard limit type or fully qualified");
        }
        if (!types.add(type)) {
          errs.duplicate(at.child("type"), type);
        }
        if (type.equals("Pod")) {
          if (!Lists.of(item.getDefault()).isEmpty()) {
            errs.forbidden(at.child("default"), "may not be specified when `type` is 'Pod'");
          }
          if (!Lists.of(item.getDefaultRequest()).isEmpty()) {
            errs.forbidden(at.child("defaultRequest"), "may not be specified when `type` is 'Pod'");
          }
        }
        for (var e : Lists.of(item.getMin()).entrySet()) {
          Quantity max = Lists.of(item.getMax()).get(e.getKey());
          if (max != null && Quantities.compare(e.getValue(), max) > 0) {
            errs.invalid(at.child("min").key(e.getKey()), Quantities.text(e.getValue()),
                "min value " + Quantities.text(e.getValue()) + " is greater than max value " + Quantities.text(max));
          }
        }
        for (var e : Lists.of(item.getDefaultRequest()).entrySet()) {
          Quantity def = Lists.of(item.getDefault()).get(e.getKey());
          if (def != null && Quantities.compare(e.getValue(), def) > 0) {
            errs.invalid(at.child("defaultRequest").key(e.getKey()), Quantities.text(e.getValue()),
                "default request value " + Quantities.text(e.getValue()) + " is greater than default limit value " + Quantities.text(def));
          }
        }
      }
    }
  }

  /** ResourceQuotas: status reset on create, kept on update; scopes immutable. */
  public static final class ResourceQuotaStrategy extends ObjectStrategy<ResourceQuota> {

    public ResourceQuotaStrategy() {
      super(ResourceQuota.class);
    }

    @Override
    protected void checkUpdate(ResourceQuota rq, ResourceQuota old, FieldErrors errs) {
      var now = rq.getSpec() == null ? List.<String>of() : Lists.of(rq.getSpec().getScopes());
      var was = old.getSpec() == null ? List.<String>of() : Lists.of(old.getSpec().getScopes());
      if (!new java.util.HashSet<>(now).equals(new java.util.HashSet<>(was))) {
        errs.invalid(FieldPath.root("spec").child("scopes"), GoFormat.stringList(now), "field is immutable");
      }
    }
  }
}
