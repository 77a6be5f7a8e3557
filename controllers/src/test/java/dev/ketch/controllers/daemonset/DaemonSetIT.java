package dev.ketch.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.FakeKubelet;
import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.TestControllers;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DaemonSet controller following nodes as they come and go, with a fake kubelet binding and running pods. */
class DaemonSetIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir, TestControllers.config());
    client = cluster.client();
    kubelet = new FakeKubelet(client);
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static List<String> podNodes(String ns) {
    return client.pods().inNamespace(ns).list().getItems().stream().filter(p -> !Pods.isTerminating(p))
        .map(Pods::nodeName).filter(n -> n != null).sorted().toList();
  }

  @Test
  void followsNodesAddedTaintedAndRemoved() {
    String ns = "ds-nodes";
    cluster.createNamespace(ns);
    kubelet.addNode("ds-a", Map.of("role", "worker"));
    kubelet.addNode("ds-b", Map.of("role", "worker"));
    kubelet.addNode("ds-edge", Map.of("role", "edge"));
    client.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder()
        .withNewMetadata().withName("agent").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec().addToNodeSelector("role", "worker").addNewContainer().withName("c").withImage("agent:1").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();

    await().untilAsserted(() -> {
      assertThat(podNodes(ns)).containsExactly("ds-a", "ds-b");
      DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName("agent").get();
      assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
      assertThat(ds.getStatus().getNumberReady()).isEqualTo(2);
      assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(2);
      assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
    });
    Pod pod = client.pods().inNamespace(ns).list().getItems().getFirst();
    assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().getFirst().getMatchFields().getFirst().getValues()).containsExactly(Pods.nodeName(pod));

    kubelet.addNode("ds-c", Map.of("role", "worker"));
    await().untilAsserted(() -> assertThat(podNodes(ns)).containsExactly("ds-a", "ds-b", "ds-c"));

    client.nodes().withName("ds-b").edit(n -> {
      n.getSpec().setTaints(List.of(new TaintBuilder().withKey("maintenance").withEffect("NoExecute").build()));
      return n;
    });
    await().untilAsserted(() -> assertThat(podNodes(ns)).containsExactly("ds-a", "ds-c"));

    kubelet.removeNode("ds-c");
    await().untilAsserted(() -> {
      assertThat(client.pods().inNamespace(ns).list().getItems()).extracting(Pods::nodeName).containsExactly("ds-a");
      DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName("agent").get();
      assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
      assertThat(ds.getStatus().getCurrentNumberScheduled()).isEqualTo(1);
    });
  }
}
