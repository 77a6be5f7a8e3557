package dev.ketch.controllers.deployment;

import static dev.ketch.controllers.Workloads.activePods;
import static dev.ketch.controllers.Workloads.deployment;
import static dev.ketch.controllers.Workloads.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.testing.kubelet.FakeKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments against the in-process API server with the whole controller manager, pods made to
 * run by the fake kubelet (ready 200 ms after they start).
 */
class DeploymentIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir);
    client = cluster.client();
    kubelet = FakeKubelet.start(client, FakeKubelet.Config.nodes(3).withReadyAfter(Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static Deployment get(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private static void awaitComplete(String ns, String name, int replicas) {
    await().untilAsserted(() -> {
      Deployment d = get(ns, name);
      assertThat(d.getStatus()).isNotNull();
      assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
      assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
      assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
      assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
    });
  }

  @Test
  void aRollingUpdateReplacesPodsOneByOneWithinMaxSurgeAndMaxUnavailable() {
    String ns = "rolling";
    cluster.createNamespace(ns);
    client.apps().deployments().inNamespace(ns).resource(deployment("web", 6, 1, 1)).create();
    awaitComplete(ns, "web", 6);

    // Every pod event, in order, is a consistent view of the pods: check the bounds on each.
    AtomicInteger maxPods = new AtomicInteger();
    AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger views = new AtomicInteger();
    SharedIndexInformer<Pod> watch = client.pods().inNamespace(ns).runnableInformer(0);
    watch.addEventHandler(new ResourceEventHandler<>() {
      private void look() {
        List<Pod> pods = watch.getStore().list().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        maxPods.accumulateAndGet(pods.size(), Math::max);
        minReady.accumulateAndGet((int) pods.stream().filter(p -> ready(p)).count(), Math::min);
        views.incrementAndGet();
      }

      @Override
      public void onAdd(Pod obj) {
        look();
      }

      @Override
      public void onUpdate(Pod oldObj, Pod newObj) {
        look();
      }

      @Override
      public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
        look();
      }
    });
    watch.start();
    await().until(watch::hasSynced);
    try {
      client.apps().deployments().inNamespace(ns).withName("web").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
          .editFirstContainer().withImage("nginx:2").endContainer().endSpec().endTemplate().endSpec().build());
      awaitComplete(ns, "web", 6);
      await().until(() -> activePods(client, ns).size() == 6
          && activePods(client, ns).stream().allMatch(p -> p.getSpec().getContainers().getFirst().getImage().equals("nginx:2")));
    } finally {
      watch.stop();
    }

    assertThat(maxPods.get()).isLessThanOrEqualTo(6 + 1);
    assertThat(minReady.get()).isGreaterThanOrEqualTo(6 - 1);
    assertThat(views.get()).isGreaterThan(20);
    Deployment d = get(ns, "web");
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    List<String> scaling = client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "ScalingReplicaSet".equals(e.getReason())).map(Event::getMessage).toList();
    // Pod by pod: the new ReplicaSet grew, and the old one shrank, in several steps.
    assertThat(scaling.stream().filter(m -> m.startsWith("Scaled up")).count()).isGreaterThanOrEqualTo(3);
    assertThat(scaling.stream().filter(m -> m.startsWith("Scaled down")).count()).isGreaterThanOrEqualTo(3);
    assertThat(d.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Progressing");
      assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
    });
  }

  @Test
  void scalingUpAndDown() {
    String ns = "scaling";
    cluster.createNamespace(ns);
    client.apps().deployments().inNamespace(ns).resource(deployment("web", 2, 1, 0)).create();
    awaitComplete(ns, "web", 2);

    client.apps().deployments().inNamespace(ns).withName("web").scale(7);
    awaitComplete(ns, "web", 7);
    assertThat(activePods(client, ns)).hasSize(7);

    client.apps().deployments().inNamespace(ns).withName("web").scale(1);
    awaitComplete(ns, "web", 1);
    await().until(() -> activePods(client, ns).size() == 1);
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(1);
  }

  @Test
  void recreateStopsEveryOldPodFirst() {
    String ns = "recreate";
    cluster.createNamespace(ns);
    client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(deployment("web", 3, 1, 0)).editSpec().withNewStrategy()
        .withType("Recreate").endStrategy().endSpec().build()).create();
    awaitComplete(ns, "web", 3);

    client.apps().deployments().inNamespace(ns).withName("web").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
        .editFirstContainer().withImage("nginx:2").endContainer().endSpec().endTemplate().endSpec().build());

    awaitComplete(ns, "web", 3);
    await().until(() -> activePods(client, ns).stream().allMatch(p -> p.getSpec().getContainers().getFirst().getImage().equals("nginx:2")));
  }

  @Test
  void deletingADeploymentDeletesItsReplicaSetsAndPods() {
    String ns = "cascade";
    cluster.createNamespace(ns);
    client.apps().deployments().inNamespace(ns).resource(deployment("web", 3, 1, 0)).create();
    awaitComplete(ns, "web", 3);

    client.apps().deployments().inNamespace(ns).withName("web").delete();

    await().untilAsserted(() -> {
      assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    });
  }
}
