package dev.ketch.bench.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The objects of upstream scheduler_perf's SchedulingBasic: nodes as templates/node-default.yaml
 * (4 CPUs, 32Gi, 110 pods, Ready, no kubelet) and pods as templates/pod-default.yaml (one pause
 * container requesting and limited to 100m CPU and 500Mi, container port 80).
 */
final class Workload {

  private Workload() {}

  static Node node(String name) {
    Map<String, Quantity> capacity = Map.of("pods", new Quantity("110"), "cpu", new Quantity("4"), "memory", new Quantity("32Gi"));
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withCapacity(capacity).withAllocatable(capacity).addNewCondition().withType("Ready").withStatus("True").endCondition()
        .withPhase("Running").endStatus().build();
  }

  static Pod pod(String namespace, String name) {
    Map<String, Quantity> resources = Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi"));
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10.1")
        .addNewPort().withContainerPort(80).endPort()
        .withNewResources().withRequests(resources).withLimits(resources).endResources().endContainer().endSpec().build();
  }
}
