package dev.ketch.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.testing.kubelet.FakeKubelet;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSmokeIT {

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

  @Test
  void serviceGetsEndpointsAndSlices() {
    cluster.createNamespace("svc");
    await().until(() -> client.serviceAccounts().inNamespace("svc").withName("default").get() != null);
    client.apps().deployments().inNamespace("svc").resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").addNewPort().withName("http").withContainerPort(8080).endPort()
        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    client.services().inNamespace("svc").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().addToSelector("app", "web").addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
        .endSpec().build()).create();
    client.policy().v1().podDisruptionBudget().inNamespace("svc").resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .endSpec().build()).create();
    await().untilAsserted(() -> {
      Endpoints ep = client.endpoints().inNamespace("svc").withName("web").get();
      assertThat(ep).isNotNull();
      assertThat(ep.getSubsets()).hasSize(1);
      assertThat(ep.getSubsets().getFirst().getAddresses()).hasSize(3);
      assertThat(ep.getSubsets().getFirst().getPorts().getFirst().getPort()).isEqualTo(8080);
    });
    await().untilAsserted(() -> {
      List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace("svc").withLabel("kubernetes.io/service-name", "web")
          .list().getItems();
      assertThat(slices).hasSize(1);
      assertThat(slices.getFirst().getEndpoints()).hasSize(3);
    });
    await().untilAsserted(() -> {
      PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace("svc").withName("web").get();
      assertThat(pdb.getStatus()).isNotNull();
      assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(3);
      assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
    });
  }
}
