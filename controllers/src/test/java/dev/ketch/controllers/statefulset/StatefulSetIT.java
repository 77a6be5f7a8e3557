package dev.ketch.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.FakeKubelet;
import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.TestControllers;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The StatefulSet controller in a cluster whose pods turn Running and Ready through a fake kubelet. */
class StatefulSetIT {

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
    kubelet.addNode("node-1", Map.of());
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static StatefulSet set(String ns, String name, int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName(name)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().endTemplate()
        .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
        .endSpec().endVolumeClaimTemplate()
        .endSpec().build();
  }

  private static Pod pod(String ns, String name) {
    return client.pods().inNamespace(ns).withName(name).get();
  }

  /** Records pod creations, deletions starting and deletions ending, in order. */
  private static Watch record(String ns, List<String> log) {
    return client.pods().inNamespace(ns).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        String name = p.getMetadata().getName();
        switch (action) {
          case ADDED -> log.add("create " + name);
          case MODIFIED -> {
            if (p.getMetadata().getDeletionTimestamp() != null && !log.contains("terminate " + name)) {
              log.add("terminate " + name);
            }
          }
          case DELETED -> log.add("gone " + name);
          default -> { }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  @Test
  void podsStartInOrderEachAfterTheOneBeforeIsReadyAndScaleDownGoesBackwards() {
    String ns = "sts-order";
    cluster.createNamespace(ns);
    List<String> log = new CopyOnWriteArrayList<>();
    kubelet.script(p -> ns.equals(p.getMetadata().getNamespace()) && p.getMetadata().getName().equals("web-0")
        ? new FakeKubelet.Behaviour.Run(false) : FakeKubelet.Behaviour.run());
    try (Watch w = record(ns, log)) {
      client.apps().statefulSets().inNamespace(ns).resource(set(ns, "web", 3)).create();

      await().until(() -> pod(ns, "web-0") != null && "Running".equals(pod(ns, "web-0").getStatus().getPhase()));
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pod(ns, "web-1") == null);

      kubelet.makeReady(ns, "web-0");
      await().untilAsserted(() -> {
        StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
        assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
        assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
      });
      assertThat(log).containsSubsequence("create web-0", "create web-1", "create web-2");
      assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems())
          .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("data-web-0", "data-web-1", "data-web-2");
      assertThat(pod(ns, "web-1").getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
          .isEqualTo("data-web-1"));

      client.apps().statefulSets().inNamespace(ns).withName("web").scale(1);

      await().untilAsserted(() -> assertThat(client.pods().inNamespace(ns).list().getItems())
          .extracting(p -> p.getMetadata().getName()).containsExactly("web-0"));
      await().untilAsserted(() -> assertThat(log).contains("gone web-1"));
      assertThat(log).containsSubsequence("terminate web-2", "gone web-2", "terminate web-1", "gone web-1");
      await().untilAsserted(() -> assertThat(client.apps().statefulSets().inNamespace(ns).withName("web").get().getStatus()
          .getReplicas()).isEqualTo(1));
    } finally {
      kubelet.script(p -> FakeKubelet.Behaviour.run());
    }
  }

  @Test
  void podsTheApiRefusesGiveAWarningAndAConditionAndTheSetRecoversWhenAllowed() {
    String ns = "sts-refused";
    cluster.createNamespace(ns);
    client.limitRanges().inNamespace(ns).resource(new LimitRangeBuilder().withNewMetadata().withName("small").endMetadata()
        .withNewSpec().addNewLimit().withType("Container").addToMax("cpu", new Quantity("100m")).endLimit().endSpec().build()).create();
    StatefulSet big = set(ns, "big", 1);
    big.getSpec().getTemplate().getSpec().getContainers().getFirst().setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("1")).addToLimits("cpu", new Quantity("1")).build());
    client.apps().statefulSets().inNamespace(ns).resource(big).create();
    client.apps().statefulSets().inNamespace(ns).resource(set(ns, "fine", 1)).create();

    await().untilAsserted(() -> {
      StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("big").get();
      assertThat(s.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("ReplicaFailure");
        assertThat(c.getReason()).isEqualTo("FailedCreate");
        assertThat(c.getMessage()).contains("maximum cpu usage per Container is 100m");
      });
    });
    await().untilAsserted(() -> assertThat(events(ns, "big")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("FailedCreate");
      assertThat(e.getMessage()).startsWith("create Pod big-0 in StatefulSet big failed error: pods \"big-0\" is forbidden");
    }));
    // The refused set does not hold up its neighbour.
    await().untilAsserted(() -> assertThat(client.apps().statefulSets().inNamespace(ns).withName("fine").get().getStatus()
        .getReadyReplicas()).isEqualTo(1));
    // Retries back off: a few attempts in a few seconds, counted on one event.
    int before = failures(ns);
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(failures(ns) - before).isLessThan(12);

    client.limitRanges().inNamespace(ns).withName("small").delete();
    client.apps().statefulSets().inNamespace(ns).withName("big").edit(s -> {
      s.getSpec().getTemplate().getMetadata().getLabels().put("retry", "1");
      return s;
    });
    await().untilAsserted(() -> {
      StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("big").get();
      assertThat(s.getStatus().getReadyReplicas()).isEqualTo(1);
      assertThat(s.getStatus().getConditions()).isNullOrEmpty();
    });
  }

  private static List<Event> events(String ns, String object) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName())).toList();
  }

  private static int failures(String ns) {
    return events(ns, "big").stream().filter(e -> "FailedCreate".equals(e.getReason())).mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }
}
