package dev.ketch.controllers.endpoint;

import static dev.ketch.controllers.Workloads.deployment;
import static dev.ketch.controllers.Workloads.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.testing.kubelet.FakeKubelet;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints, EndpointSlices, default ServiceAccounts and budget status against the in-process API
 * server, with pods coming, going and changing readiness through the fake kubelet.
 */
class EndpointsIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir);
    client = cluster.client();
    kubelet = FakeKubelet.start(client, FakeKubelet.Config.nodes(3));
    kubelet.createNodes();
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static int ready(Endpoints ep) {
    return ep == null || ep.getSubsets() == null ? 0 : ep.getSubsets().stream().mapToInt(s -> s.getAddresses() == null ? 0 : s.getAddresses().size()).sum();
  }

  private static int notReady(Endpoints ep) {
    return ep == null || ep.getSubsets() == null ? 0
        : ep.getSubsets().stream().mapToInt(s -> s.getNotReadyAddresses() == null ? 0 : s.getNotReadyAddresses().size()).sum();
  }

  private static List<Endpoint> sliceEndpoints(String ns, String service) {
    return client.discovery().v1().endpointSlices().inNamespace(ns).withLabel("kubernetes.io/service-name", service).list().getItems()
        .stream().flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.<Endpoint>empty() : s.getEndpoints().stream()).toList();
  }

  @Test
  void endpointsFollowPodsAsTheyComeGoAndChangeReadiness() {
    String ns = "ep-follow";
    cluster.createNamespace(ns);
    client.services().inNamespace(ns).resource(service("web", Map.of("app", "web"), "http")).create();
    await().untilAsserted(() -> {
      List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems();
      assertThat(slices).singleElement().satisfies(s -> assertThat(s.getEndpoints()).isNullOrEmpty());
    });
    client.apps().deployments().inNamespace(ns).resource(deployment("web", 2, 1, 0)).create();

    await().untilAsserted(() -> assertThat(ready(client.endpoints().inNamespace(ns).withName("web").get())).isEqualTo(2));
    client.apps().deployments().inNamespace(ns).withName("web").scale(4);
    await().untilAsserted(() -> {
      assertThat(ready(client.endpoints().inNamespace(ns).withName("web").get())).isEqualTo(4);
      assertThat(sliceEndpoints(ns, "web")).hasSize(4).allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
    });

    Pod one = client.pods().inNamespace(ns).withLabel("app", "web").list().getItems().getFirst();
    kubelet.setReady(ns, one.getMetadata().getName(), false);
    await().untilAsserted(() -> {
      Endpoints ep = client.endpoints().inNamespace(ns).withName("web").get();
      assertThat(ready(ep)).isEqualTo(3);
      assertThat(notReady(ep)).isEqualTo(1);
      EndpointAddress notReady = ep.getSubsets().stream().filter(s -> s.getNotReadyAddresses() != null)
          .flatMap(s -> s.getNotReadyAddresses().stream()).findFirst().orElseThrow();
      assertThat(notReady.getTargetRef().getName()).isEqualTo(one.getMetadata().getName());
      assertThat(sliceEndpoints(ns, "web")).filteredOn(e -> !e.getConditions().getReady()).singleElement()
          .satisfies(e -> assertThat(e.getTargetRef().getName()).isEqualTo(one.getMetadata().getName()));
    });

    client.apps().deployments().inNamespace(ns).withName("web").scale(1);
    await().untilAsserted(() -> {
      Endpoints ep = client.endpoints().inNamespace(ns).withName("web").get();
      assertThat(ready(ep) + notReady(ep)).isEqualTo(1);
      assertThat(sliceEndpoints(ns, "web").stream().filter(e -> !e.getConditions().getTerminating()).count()).isEqualTo(1);
    });

    client.services().inNamespace(ns).withName("web").delete();
    await().untilAsserted(() -> {
      assertThat(client.endpoints().inNamespace(ns).withName("web").get()).isNull();
      assertThat(client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems()).isEmpty();
    });
  }

  @Test
  void aNamedTargetPortIsResolvedOnEachPod() {
    String ns = "ep-named";
    cluster.createNamespace(ns);
    client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(deployment("blue", 1, 1, 0)).editSpec().editTemplate()
        .editMetadata().addToLabels("tier", "front").endMetadata().endTemplate().endSpec().build()).create();
    client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(deployment("green", 1, 1, 0)).editSpec().editTemplate()
        .editMetadata().addToLabels("tier", "front").endMetadata().editSpec().editFirstContainer().editFirstPort().withContainerPort(9090)
        .endPort().endContainer().endSpec().endTemplate().endSpec().build()).create();
    client.services().inNamespace(ns).resource(service("front", Map.of("tier", "front"), "http")).create();

    await().untilAsserted(() -> {
      Endpoints ep = client.endpoints().inNamespace(ns).withName("front").get();
      assertThat(ep.getSubsets()).hasSize(2);
      assertThat(ep.getSubsets()).extracting(s -> s.getPorts().getFirst().getPort()).containsExactlyInAnyOrder(8080, 9090);
      for (EndpointSubset s : ep.getSubsets()) {
        assertThat(s.getAddresses()).hasSize(1);
        assertThat(s.getPorts().getFirst().getName()).isEqualTo("http");
      }
      List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns).withLabel("kubernetes.io/service-name", "front")
          .list().getItems();
      assertThat(slices).hasSize(2).extracting(s -> s.getPorts().getFirst().getPort()).containsExactlyInAnyOrder(8080, 9090);
    });
  }

  @Test
  void everyNamespaceGetsADefaultServiceAccount() {
    cluster.createNamespace("sa-new");
    await().until(() -> client.serviceAccounts().inNamespace("sa-new").withName("default").get() != null);
    client.serviceAccounts().inNamespace("sa-new").withName("default").delete();
    await().until(() -> {
      var sa = client.serviceAccounts().inNamespace("sa-new").withName("default").get();
      return sa != null && sa.getMetadata().getDeletionTimestamp() == null;
    });
  }

  @Test
  void aBudgetsStatusFollowsItsPods() {
    String ns = "pdb";
    cluster.createNamespace(ns);
    client.apps().deployments().inNamespace(ns).resource(deployment("web", 4, 1, 0)).create();
    client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("50%")).withNewSelector()
        .addToMatchLabels("app", "web").endSelector().endSpec().build()).create();

    await().untilAsserted(() -> {
      PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web").get();
      assertThat(pdb.getStatus().getExpectedPods()).isEqualTo(4);
      assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(4);
      assertThat(pdb.getStatus().getDesiredHealthy()).isEqualTo(2);
      assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(2);
      assertThat(pdb.getStatus().getObservedGeneration()).isEqualTo(pdb.getMetadata().getGeneration());
      assertThat(pdb.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("DisruptionAllowed");
        assertThat(c.getStatus()).isEqualTo("True");
      });
    });
    Pod one = client.pods().inNamespace(ns).withLabel("app", "web").list().getItems().getFirst();
    kubelet.setReady(ns, one.getMetadata().getName(), false);
    await().untilAsserted(() -> assertThat(Objects.requireNonNull(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web")
        .get()).getStatus().getDisruptionsAllowed()).isEqualTo(1));
  }
}
