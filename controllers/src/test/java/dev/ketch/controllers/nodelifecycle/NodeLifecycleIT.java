package dev.ketch.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.FakeKubelet;
import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.TestControllers;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that goes silent: the node lifecycle controller marks it Unknown and taints it, the taint
 * eviction controller evicts its pods once their toleration runs out, and the Job controller
 * replaces them on the node that is left. Node health is checked every 500 ms with a 3 s grace
 * period here (50 s by default).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLifecycleIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir, TestControllers.config());
    client = cluster.client();
    kubelet = new FakeKubelet(client, Duration.ofMillis(300));
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static NodeCondition ready(String node) {
    return client.nodes().withName(node).get().getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  private static List<String> taints(String node) {
    List<Taint> taints = client.nodes().withName(node).get().getSpec().getTaints();
    return taints == null ? List.of() : taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).sorted().toList();
  }

  private static List<Pod> running(String ns, String node) {
    return client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> node.equals(Pods.nodeName(p)) && Pods.isActive(p) && Pods.isReady(p)).toList();
  }

  @Test
  @Order(1)
  void aSilentNodeIsMarkedUnknownTaintedAndItsPodsAreReplacedElsewhere() {
    String ns = "nl-work";
    cluster.createNamespace(ns);
    kubelet.addNode("nl-a", Map.of());
    await().untilAsserted(() -> assertThat(client.nodes().withName("nl-a").get().getSpec().getPodCIDRs()).containsExactly("10.42.0.0/24"));
    client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata().withName("workers").endMetadata()
        .withNewSpec().withParallelism(2).withCompletions(2).withBackoffLimit(10)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewToleration().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
        .withTolerationSeconds(2L).endToleration()
        .addNewToleration().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute")
        .withTolerationSeconds(2L).endToleration()
        .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create();
    await().untilAsserted(() -> assertThat(running(ns, "nl-a")).hasSize(2));
    kubelet.addNode("nl-b", Map.of());
    await().untilAsserted(() -> assertThat(client.nodes().withName("nl-b").get().getSpec().getPodCIDRs()).containsExactly("10.42.1.0/24"));

    kubelet.silence("nl-a");

    await().untilAsserted(() -> {
      NodeCondition r = ready("nl-a");
      assertThat(r.getStatus()).isEqualTo("Unknown");
      assertThat(r.getReason()).isEqualTo("NodeStatusUnknown");
      assertThat(r.getMessage()).isEqualTo("Kubelet stopped posting node status.");
      assertThat(taints("nl-a")).containsExactly("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule");
    });
    await().untilAsserted(() -> {
      assertThat(running(ns, "nl-b")).hasSize(2);
      Job j = client.batch().v1().jobs().inNamespace(ns).withName("workers").get();
      assertThat(j.getStatus().getActive()).isEqualTo(2);
      assertThat(j.getStatus().getFailed()).as("evicted pods count as failed").isEqualTo(2);
    });
    // Evicted pods wait for a kubelet that is gone; the API server removes them once the Job has
    // taken its tracking finalizer off (see controllers/ARCHITECTURE.md).
    List<Pod> evicted = client.pods().inNamespace(ns).list().getItems().stream().filter(p -> "nl-a".equals(Pods.nodeName(p))).toList();
    assertThat(evicted).allSatisfy(p -> {
      assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(Pods.condition(p, "DisruptionTarget").getReason()).isEqualTo("DeletionByTaintManager");
    });
    await().untilAsserted(() -> {
      var reasons = client.v1().events().inAnyNamespace().list().getItems().stream().map(e -> e.getReason()).toList();
      assertThat(reasons).contains("RegisteredNode", "NodeNotReady", "TaintManagerEviction");
    });

    kubelet.revive("nl-a");
    await().untilAsserted(() -> {
      assertThat(ready("nl-a").getStatus()).isEqualTo("True");
      assertThat(taints("nl-a")).isEmpty();
    });
  }

  @Test
  @Order(2)
  void aDeletedNodeIsForgottenAndItsPodsCollected() {
    String ns = "nl-gone";
    cluster.createNamespace(ns);
    kubelet.addNode("nl-gone", Map.of("gone", "yes"));
    client.pods().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("lonely").endMetadata()
        .withNewSpec().addToNodeSelector("gone", "yes").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
        .build()).create();
    await().untilAsserted(() -> assertThat(running(ns, "nl-gone")).hasSize(1));
    // Only a node the controller has seen can be forgotten: it looks at the nodes every pass.
    await().untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
        .anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Node nl-gone event: Registered Node nl-gone in Controller")));
    kubelet.silence("nl-gone");
    client.nodes().withName("nl-gone").delete();
    await().untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withName("lonely").get()).isNull());
    await().untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RemovingNode")));
  }
}
