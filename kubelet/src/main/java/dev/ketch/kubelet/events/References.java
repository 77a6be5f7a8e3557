package dev.ketch.kubelet.events;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;

/** The objects events are about, referenced as upstream's kubelet references them. */
public final class References {

  private References() {}

  public static ObjectReference pod(Pod pod) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion()).build();
  }

  /** A container of the pod: {@code fieldPath: spec.containers{name}} (or initContainers). */
  public static ObjectReference container(Pod pod, String container, boolean init) {
    ObjectReference ref = pod(pod);
    ref.setFieldPath((init ? "spec.initContainers{" : "spec.containers{") + container + "}");
    return ref;
  }

  /** The node: upstream's kubelet uses the node's name as its uid in event references. */
  public static ObjectReference node(String nodeName) {
    return new ObjectReferenceBuilder().withKind("Node").withName(nodeName).withUid(nodeName).build();
  }
}
