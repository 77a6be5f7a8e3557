package dev.ketch.kubelet.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pods as the API server hands them to a kubelet: defaulted (restart policy, pull policy, grace
 * period, DNS policy), bound to a node, Pending with PodScheduled True.
 */
public final class TestPods {

  private final String name;
  private String namespace = "default";
  private String node = "node-a";
  private String restartPolicy = "Always";
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private final List<Container> init = new ArrayList<>();
  private final List<Container> containers = new ArrayList<>();

  private TestPods(String name) {
    this.name = name;
  }

  public static TestPods pod(String name) {
    return new TestPods(name);
  }

  public TestPods namespace(String ns) {
    this.namespace = ns;
    return this;
  }

  public TestPods node(String node) {
    this.node = node;
    return this;
  }

  public TestPods restartPolicy(String policy) {
    this.restartPolicy = policy;
    return this;
  }

  public TestPods annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  public TestPods container(String name, String image) {
    return container(containerSpec(name, image).build());
  }

  public TestPods container(Container c) {
    containers.add(c);
    return this;
  }

  public TestPods initContainer(String name, String image) {
    init.add(containerSpec(name, image).build());
    return this;
  }

  /** A defaulted container builder, to add probes, hooks, env. */
  public static ContainerBuilder containerSpec(String name, String image) {
    return new ContainerBuilder().withName(name).withImage(image).withImagePullPolicy("IfNotPresent")
        .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("File");
  }

  public static Probe execProbe(int initialDelay, int period, int failureThreshold) {
    return new ProbeBuilder().withNewExec().withCommand("true").endExec().withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period).withTimeoutSeconds(1).withSuccessThreshold(1).withFailureThreshold(failureThreshold).build();
  }

  public Pod build() {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withUid(UUID.randomUUID().toString())
            .withResourceVersion("1").withAnnotations(annotations).endMetadata()
        .withNewSpec().withNodeName(node).withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(30L)
            .withDnsPolicy("ClusterFirst").withInitContainers(init).withContainers(containers).endSpec()
        .withNewStatus().withPhase("Pending").withQosClass("BestEffort")
            .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime("2026-01-01T00:00:00Z").build())
        .endStatus()
        .build();
  }
}
