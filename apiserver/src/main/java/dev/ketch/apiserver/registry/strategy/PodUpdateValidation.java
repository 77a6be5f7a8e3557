package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Objects;

/**
 * ValidatePodUpdate: a pod's spec is immutable except for container images, a shorter
 * activeDeadlineSeconds, added tolerations, and terminationGracePeriodSeconds from negative to 1.
 * Stateless.
 */
final class PodUpdateValidation {

  static final String UPDATABLE_FIELDS = "pod updates may not change fields other than `spec.containers[*].image`,"
      + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
      + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  private PodUpdateValidation() {}

  static void check(PodSpec spec, PodSpec old, FieldErrors errs) {
    FieldPath specPath = FieldPath.root("spec");
    if (containers(Lists.of(spec.getContainers()), Lists.of(old.getContainers()), specPath.child("containers"), errs)
        || containers(Lists.of(spec.getInitContainers()), Lists.of(old.getInitContainers()), specPath.child("initContainers"), errs)) {
      return;
    }
    Long deadline = spec.getActiveDeadlineSeconds();
    Long oldDeadline = old.getActiveDeadlineSeconds();
    if (deadline != null) {
      if (deadline < 0 || deadline > Integer.MAX_VALUE) {
        errs.invalid(specPath.child("activeDeadlineSeconds"), deadline, Formats.inclusiveRange(0, Integer.MAX_VALUE));
        return;
      }
      if (oldDeadline != null && oldDeadline < deadline) {
        errs.invalid(specPath.child("activeDeadlineSeconds"), deadline, "must be less than or equal to previous value");
        return;
      }
    } else if (oldDeadline != null) {
      errs.invalid(specPath.child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value");
    }
    if (!onlyAddedTolerations(Lists.of(spec.getTolerations()), Lists.of(old.getTolerations()))) {
      errs.forbidden(specPath.child("tolerations"), "existing toleration can not be modified except its tolerationSeconds");
    }
    if (JsonDiff.same(spec, old)) {
      return;
    }
    PodSpec munged = Parts.deepCopy(spec);
    for (int i = 0; i < munged.getContainers().size(); i++) {
      munged.getContainers().get(i).setImage(old.getContainers().get(i).getImage());
    }
    for (int i = 0; i < Lists.of(munged.getInitContainers()).size(); i++) {
      munged.getInitContainers().get(i).setImage(old.getInitContainers().get(i).getImage());
    }
    munged.setActiveDeadlineSeconds(oldDeadline);
    munged.setTolerations(Parts.deepCopy(old.getTolerations()));
    Long oldGrace = old.getTerminationGracePeriodSeconds();
    if (oldGrace != null && oldGrace < 0 && Long.valueOf(1).equals(munged.getTerminationGracePeriodSeconds())) {
      munged.setTerminationGracePeriodSeconds(oldGrace);
    }
    if (!JsonDiff.same(munged, old)) {
      errs.forbidden(specPath, UPDATABLE_FIELDS + "\n" + JsonDiff.render("core.PodSpec", old, munged));
    }
  }

  /** ValidateContainerUpdates; true if validation must stop (containers added or removed). */
  private static boolean containers(List<Container> now, List<Container> before, FieldPath path, FieldErrors errs) {
    if (now.size() != before.size()) {
      errs.forbidden(path, "pod updates may not add or remove containers");
      return true;
    }
    for (int i = 0; i < now.size(); i++) {
      String image = now.get(i).getImage();
      if (Lists.isEmpty(image)) {
        errs.required(path.index(i).child("image"));
      } else if (!image.strip().equals(image)) {
        errs.invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace");
      }
    }
    return false;
  }

  private static boolean onlyAddedTolerations(List<Toleration> now, List<Toleration> before) {
    for (Toleration old : before) {
      boolean found = false;
      for (Toleration t : now) {
        if (Objects.equals(old.getKey(), t.getKey()) && Objects.equals(old.getOperator(), t.getOperator())
            && Objects.equals(old.getValue(), t.getValue()) && Objects.equals(old.getEffect(), t.getEffect())) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }
}
