package dev.ketch.controllers.fake;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.Map;

/** Fluent builders of the objects controller tests start from. */
public final class TestObjects {

  public static final String NS = "default";

  private TestObjects() {}

  public static PodTemplateSpec template(Map<String, String> labels, String image) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
  }

  public static ReplicaSet replicaSet(String name, int replicas, Map<String, String> labels) {
    return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
        .withTemplate(template(labels, "nginx:1")).endSpec().build();
  }

  public static Deployment deployment(String name, int replicas, Map<String, String> labels) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
        .withTemplate(template(labels, "nginx:1"))
        .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withNewMaxSurge("25%").withNewMaxUnavailable("25%")
        .endRollingUpdate().endStrategy()
        .withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
        .endSpec().build();
  }

  /** A controller reference to {@code owner}. */
  public static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build();
  }

  /** A pod builder for {@code name} with {@code labels}, not scheduled, Pending. */
  public static PodBuilder pod(String name, Map<String, String> labels) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").endStatus();
  }

  /** {@code pod} scheduled on {@code node}, Running, and ready since {@code readySince} (null: not ready). */
  public static Pod running(Pod pod, String node, Instant readySince) {
    PodBuilder b = new PodBuilder(pod).editSpec().withNodeName(node).endSpec().editStatus().withPhase("Running")
        .withPodIP("10.0.0." + (Math.floorMod(pod.getMetadata().getName().hashCode(), 250) + 1)).endStatus();
    if (readySince != null) {
      b.editStatus().withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
          .withLastTransitionTime(readySince.toString()).build()).endStatus();
    } else {
      b.editStatus().withConditions(new PodConditionBuilder().withType("Ready").withStatus("False")
          .withLastTransitionTime(Instant.EPOCH.toString()).build()).endStatus();
    }
    return b.build();
  }
}
