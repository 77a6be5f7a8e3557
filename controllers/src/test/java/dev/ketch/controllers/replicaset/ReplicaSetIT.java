package dev.ketch.controllers.replicaset;

import static dev.ketch.controllers.Workloads.activePods;
import static dev.ketch.controllers.Workloads.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.testing.kubelet.FakeKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
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

/** ReplicaSets and ReplicationControllers against the in-process API server, pods run by the fake kubelet. */
class ReplicaSetIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir);
    client = cluster.client();
    kubelet = FakeKubelet.start(client, FakeKubelet.Config.nodes(2));
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static ReplicaSet get(String ns, String name) {
    return client.apps().replicaSets().inNamespace(ns).withName(name).get();
  }

  private static void awaitReady(String ns, String name, int replicas) {
    await().untilAsserted(() -> {
      ReplicaSet rs = get(ns, name);
      assertThat(rs.getStatus()).isNotNull();
      assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(rs.getMetadata().getGeneration());
      assertThat(rs.getStatus().getReplicas()).isEqualTo(replicas);
      assertThat(rs.getStatus().getFullyLabeledReplicas()).isEqualTo(replicas);
      assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(replicas);
      assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(replicas);
    });
  }

  @Test
  void scalesUpAndDownAndReplacesALostPod() {
    String ns = "rs-scale";
    cluster.createNamespace(ns);
    client.apps().replicaSets().inNamespace(ns).resource(replicaSet("web", 3)).create();
    awaitReady(ns, "web", 3);

    client.apps().replicaSets().inNamespace(ns).withName("web").scale(5);
    awaitReady(ns, "web", 5);
    client.apps().replicaSets().inNamespace(ns).withName("web").scale(2);
    awaitReady(ns, "web", 2);
    await().until(() -> activePods(client, ns).size() == 2);

    Pod victim = activePods(client, ns).getFirst();
    client.pods().inNamespace(ns).withName(victim.getMetadata().getName()).delete();
    await().until(() -> activePods(client, ns).size() == 2
        && activePods(client, ns).stream().noneMatch(p -> p.getMetadata().getName().equals(victim.getMetadata().getName())));
    awaitReady(ns, "web", 2);

    List<String> reasons = client.v1().events().inNamespace(ns).list().getItems().stream().map(Event::getReason).toList();
    assertThat(reasons).contains("SuccessfulCreate", "SuccessfulDelete");
  }

  @Test
  void adoptsAMatchingOrphanAndReleasesARelabelledPod() {
    String ns = "rs-adopt";
    cluster.createNamespace(ns);
    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("orphan").addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx:1").endContainer().endSpec().build()).create();
    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).resource(replicaSet("web", 2)).create();
    awaitReady(ns, "web", 2);
    Pod orphan = client.pods().inNamespace(ns).withName("orphan").get();
    assertThat(orphan.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(rs.getMetadata().getUid()));

    client.pods().inNamespace(ns).withName("orphan").edit(p -> new PodBuilder(p).editMetadata().withLabels(Map.of("app", "debug"))
        .endMetadata().build());

    await().until(() -> client.pods().inNamespace(ns).withName("orphan").get().getMetadata().getOwnerReferences().isEmpty());
    awaitReady(ns, "web", 2);
    assertThat(activePods(client, ns)).hasSize(3);
  }

  @Test
  void aReplicationControllerKeepsItsPods() {
    String ns = "rc";
    cluster.createNamespace(ns);
    client.replicationControllers().inNamespace(ns).resource(new ReplicationControllerBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withReplicas(3).withSelector(Map.of("app", "web")).withNewTemplate().withNewMetadata()
        .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();

    await().untilAsserted(() -> {
      var rc = client.replicationControllers().inNamespace(ns).withName("web").get();
      assertThat(rc.getStatus().getReadyReplicas()).isEqualTo(3);
      assertThat(rc.getStatus().getAvailableReplicas()).isEqualTo(3);
    });
    assertThat(activePods(client, ns)).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getKind())
        .isEqualTo("ReplicationController"));
  }

  @Test
  void aTemplateTheApiRefusesIsAWarningAndAConditionRetriedWithBackOffWithoutBlockingOthers() {
    String ns = "rs-refused";
    cluster.createNamespace(ns);
    client.limitRanges().inNamespace(ns).resource(new LimitRangeBuilder().withNewMetadata().withName("small").endMetadata()
        .withNewSpec().addNewLimit().withType("Container").withMax(Map.of("cpu", new Quantity("1"))).endLimit().endSpec().build()).create();
    client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder(replicaSet("greedy", 3)).editSpec().editTemplate().editSpec()
        .editFirstContainer().withNewResources().addToLimits("cpu", new Quantity("2")).endResources().endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    client.apps().replicaSets().inNamespace(ns).resource(replicaSet("modest", 2)).create();

    awaitReady(ns, "modest", 2);
    await().untilAsserted(() -> {
      ReplicaSet greedy = get(ns, "greedy");
      assertThat(greedy.getStatus().getConditions()).singleElement().satisfies(c -> {
        assertThat(c.getType()).isEqualTo("ReplicaFailure");
        assertThat(c.getReason()).isEqualTo("FailedCreate");
        assertThat(c.getMessage()).contains("cpu");
      });
      Event failed = client.v1().events().inNamespace(ns).list().getItems().stream()
          .filter(e -> "FailedCreate".equals(e.getReason()) && "greedy".equals(e.getInvolvedObject().getName())).findFirst().orElseThrow();
      assertThat(failed.getType()).isEqualTo("Warning");
      assertThat(failed.getMessage()).startsWith("Error creating: ");
    });
    // Back-off: a few seconds later the refused ReplicaSet has been retried a handful of times, not thousands.
    await().pollDelay(Duration.ofSeconds(3)).untilAsserted(() -> {
      int attempts = client.v1().events().inNamespace(ns).list().getItems().stream()
          .filter(e -> "FailedCreate".equals(e.getReason())).mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
      assertThat(attempts).isBetween(2, 25);
    });
    assertThat(activePods(client, ns)).hasSize(2);
  }

  @Test
  void deletingAReplicaSetDeletesItsPods() {
    String ns = "rs-cascade";
    cluster.createNamespace(ns);
    client.apps().replicaSets().inNamespace(ns).resource(replicaSet("web", 3)).create();
    awaitReady(ns, "web", 3);

    client.apps().replicaSets().inNamespace(ns).withName("web").delete();

    await().until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
  }
}
