package dev.ketch.controllers.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Pods made from a controller's pod template, as upstream's GetPodFromTemplate. */
public final class PodTemplates {

  private PodTemplates() {}

  /**
   * A new pod for {@code owner} in its namespace: the template's labels, annotations, finalizers
   * and spec, {@code generateName} {@code <owner>-}, and {@code controllerRef}. The pod shares the
   * template's spec object (creating thousands of pods copies nothing): it is for sending, not for
   * changing.
   */
  public static Pod podFor(PodTemplateSpec template, HasMetadata owner, OwnerReference controllerRef) {
    ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(owner.getMetadata().getNamespace());
    meta.setGenerateName(owner.getMetadata().getName() + "-");
    if (tm.getLabels() != null) {
      meta.setLabels(new LinkedHashMap<>(tm.getLabels()));
    }
    if (tm.getAnnotations() != null) {
      meta.setAnnotations(new LinkedHashMap<>(tm.getAnnotations()));
    }
    if (tm.getFinalizers() != null && !tm.getFinalizers().isEmpty()) {
      meta.setFinalizers(new ArrayList<>(tm.getFinalizers()));
    }
    if (controllerRef != null) {
      meta.setOwnerReferences(new ArrayList<>(List.of(controllerRef)));
    }
    Pod pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(template.getSpec());
    return pod;
  }
}
