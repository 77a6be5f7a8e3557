package dev.ketch.apiserver.registry.admission;

import dev.ketch.apiserver.registry.AdmissionPlugin;
import dev.ketch.apiserver.registry.AdmissionRequest;
import dev.ketch.apiserver.registry.ObjectLookup;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * The Priority plugin. On pod creation: the pod's priority and preemptionPolicy come from its
 * PriorityClass, or from the class marked globalDefault when it names none (priority 0 when there
 * is none); system-cluster-critical and system-node-critical are known even before they are
 * stored; an unknown class is refused ({@code no PriorityClass with name x was found}), and so is
 * a priority or preemption policy in the pod that differs from the computed one. On PriorityClass
 * writes: only one class may be the global default.
 */
public final class PriorityAdmission implements AdmissionPlugin {

  static final Map<String, Integer> SYSTEM = Map.of("system-cluster-critical", 2_000_000_000, "system-node-critical", 2_000_001_000);
  static final String DEFAULT_PREEMPTION = "PreemptLowerPriority";

  @Override
  public String name() {
    return "Priority";
  }

  @Override
  public void admit(AdmissionRequest r) {
    Pod pod = Admissions.podCreate(r);
    if (pod == null || pod.getSpec() == null) {
      return;
    }
    var spec = pod.getSpec();
    String className = spec.getPriorityClassName();
    int priority;
    String preemption;
    if (className == null || className.isEmpty()) {
      Optional<PriorityClass> def = globalDefault(r.lookup());
      if (def.isPresent()) {
        spec.setPriorityClassName(def.get().getMetadata().getName());
        priority = value(def.get());
        preemption = policy(def.get());
      } else {
        priority = 0;
        preemption = DEFAULT_PREEMPTION;
      }
    } else {
      PriorityClass pc = find(r.lookup(), className)
          .orElseThrow(() -> Admissions.forbidden(r, "no PriorityClass with name " + className + " was found"));
      priority = value(pc);
      preemption = policy(pc);
    }
    if (spec.getPriority() != null && spec.getPriority() != priority) {
      throw Admissions.forbidden(r, "the integer value of priority (" + spec.getPriority() + ") must not be provided in pod spec; "
          + "priority admission controller computed " + priority + " from the given PriorityClass name");
    }
    spec.setPriority(priority);
    if (spec.getPreemptionPolicy() != null && !spec.getPreemptionPolicy().equals(preemption)) {
      throw Admissions.forbidden(r, "the string value of PreemptionPolicy (" + spec.getPreemptionPolicy() + ") must not be provided in "
          + "pod spec; priority admission controller computed " + preemption + " from the given PriorityClass name");
    }
    spec.setPreemptionPolicy(preemption);
  }

  @Override
  public void validate(AdmissionRequest r) {
    boolean classes = r.type().group().equals("scheduling.k8s.io") && r.type().plural().equals("priorityclasses");
    if (!classes || !r.isMainResource() || !(r.object() instanceof PriorityClass pc)) {
      return;
    }
    if (r.operation() != AdmissionRequest.Operation.CREATE && r.operation() != AdmissionRequest.Operation.UPDATE) {
      return;
    }
    if (Boolean.TRUE.equals(pc.getGlobalDefault())) {
      globalDefault(r.lookup())
          .filter(existing -> !existing.getMetadata().getName().equals(pc.getMetadata().getName()))
          .ifPresent(existing -> {
            throw Admissions.forbidden(r, "PriorityClass " + existing.getMetadata().getName()
                + " is already marked as default. Only one default can exist");
          });
    }
  }

  private static Optional<PriorityClass> find(ObjectLookup lookup, String name) {
    var type = lookup.type("scheduling.k8s.io", "priorityclasses");
    Optional<PriorityClass> stored = lookup.get(type, "", name, PriorityClass.class);
    if (stored.isPresent() || !SYSTEM.containsKey(name)) {
      return stored;
    }
    return Optional.of(new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata()
        .withValue(SYSTEM.get(name)).withPreemptionPolicy(DEFAULT_PREEMPTION).build());
  }

  /** The globalDefault class with the highest value, as upstream picks it. */
  private static Optional<PriorityClass> globalDefault(ObjectLookup lookup) {
    var type = lookup.type("scheduling.k8s.io", "priorityclasses");
    PriorityClass best = null;
    for (PriorityClass pc : lookup.list(type, "", PriorityClass.class)) {
      if (Boolean.TRUE.equals(pc.getGlobalDefault()) && (best == null || value(best) < value(pc))) {
        best = pc;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int value(PriorityClass pc) {
    return pc.getValue() == null ? 0 : pc.getValue();
  }

  private static String policy(PriorityClass pc) {
    return pc.getPreemptionPolicy() == null ? DEFAULT_PREEMPTION : pc.getPreemptionPolicy();
  }
}
