package dev.ketch.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.testing.kubelet.FakeKubelet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentSmokeIT {

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
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  @Test
  void deploymentBecomesAvailable() {
    cluster.createNamespace("smoke");
    client.apps().deployments().inNamespace("smoke").resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    await().untilAsserted(() -> {
      Deployment d = client.apps().deployments().inNamespace("smoke").withName("web").get();
      assertThat(d.getStatus()).isNotNull();
      assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    });
    client.apps().deployments().inNamespace("smoke").withName("web")
        .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer().withImage("nginx:2")
            .endContainer().endSpec().endTemplate().endSpec().build());
    await().untilAsserted(() -> {
      Deployment d = client.apps().deployments().inNamespace("smoke").withName("web").get();
      assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
      assertThat(d.getStatus().getReplicas()).isEqualTo(3);
      assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
      assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    });
    assertThat(client.apps().replicaSets().inNamespace("smoke").list().getItems()).hasSize(2);
  }
}
