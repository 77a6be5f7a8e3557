package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods (pkg/registry/core/pod/strategy.go): pod defaults; on create the status becomes {@code
 * Pending} with the computed QoS class (and a SchedulingGated condition when gates are set); the
 * spec is immutable but for the fields {@link PodUpdateValidation} allows; status writers may not
 * change the spec or owner references. {@code serviceAccountName} is defaulted by the
 * ServiceAccount admission plugin, not here.
 */
public final class PodStrategy extends ObjectStrategy<Pod> {

  public PodStrategy() {
    super(Pod.class);
  }

  @Override
  protected void defaults(Pod pod) {
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodDefaults.pod(pod.getSpec());
  }

  @Override
  protected void resetOnCreate(Pod pod) {
    PodStatus status = new PodStatus();
    status.setPhase("Pending");
    status.setQosClass(PodQos.of(pod.getSpec()));
    if (!Lists.of(pod.getSpec().getSchedulingGates()).isEmpty()) {
      List<PodCondition> conditions = new ArrayList<>();
      conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
          .withReason("SchedulingGated").withMessage("Scheduling is blocked due to non-empty scheduling gates").build());
      status.setConditions(conditions);
    }
    pod.setStatus(status);
  }

  /** Status writers also leave the deletion timestamp and owner references as they were. */
  @Override
  public List<List<String>> resetFields(String subresource) {
    if (!"status".equals(subresource)) {
      return super.resetFields(subresource);
    }
    return List.of(List.of("spec"), List.of("metadata", "deletionTimestamp"), List.of("metadata", "ownerReferences"));
  }

  @Override
  protected void keepOnStatusUpdate(Pod pod, Pod old) {
    Parts.keep(pod, old, "spec");
    pod.getMetadata().setOwnerReferences(Parts.deepCopy(old.getMetadata().getOwnerReferences()));
  }

  @Override
  protected void check(Pod pod, FieldErrors errs) {
    FieldPath spec = FieldPath.root("spec");
    PodSpecValidation.spec(pod.getSpec(), spec, errs);
    if (Lists.isEmpty(pod.getSpec().getServiceAccountName())) {
      var volumes = Lists.of(pod.getSpec().getVolumes());
      for (int v = 0; v < volumes.size(); v++) {
        if (volumes.get(v).getProjected() == null) {
          continue;
        }
        var sources = Lists.of(volumes.get(v).getProjected().getSources());
        for (int s = 0; s < sources.size(); s++) {
          if (sources.get(s).getServiceAccountToken() != null) {
            errs.forbidden(spec.child("volumes").index(v).child("projected", "sources").index(s).child("serviceAccountToken"),
                "must not be specified when serviceAccountName is not set");
          }
        }
      }
    }
    imageWhitespace(Lists.of(pod.getSpec().getContainers()), spec.child("containers"), errs);
    imageWhitespace(Lists.of(pod.getSpec().getInitContainers()), spec.child("initContainers"), errs);
    if (!Lists.of(pod.getSpec().getEphemeralContainers()).isEmpty()) {
      errs.forbidden(spec.child("ephemeralContainers"), "cannot be set on create");
    }
  }

  @Override
  protected void checkUpdate(Pod pod, Pod old, FieldErrors errs) {
    PodUpdateValidation.check(pod.getSpec(), old.getSpec(), errs);
  }

  @Override
  protected void checkStatusUpdate(Pod pod, Pod old, FieldErrors errs) {
    PodStatus status = pod.getStatus();
    if (status == null) {
      return;
    }
    var podIps = Lists.of(status.getPodIPs());
    for (int i = 0; i < podIps.size(); i++) {
      errs.invalidEach(FieldPath.root("status").child("podIPs").index(i), podIps.get(i).getIp(),
          Formats.ip(Lists.orEmpty(podIps.get(i).getIp())));
    }
  }

  private static void imageWhitespace(List<Container> containers, FieldPath path, FieldErrors errs) {
    for (int i = 0; i < containers.size(); i++) {
      String image = containers.get(i).getImage();
      if (image != null && !image.isEmpty() && !image.strip().equals(image)) {
        errs.invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace");
      }
    }
  }
}
