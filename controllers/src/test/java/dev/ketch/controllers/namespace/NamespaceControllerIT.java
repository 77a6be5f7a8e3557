package dev.ketch.controllers.namespace;

import static dev.ketch.controllers.TestCluster.ownerReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace controller against a real API server: terminating namespaces are emptied and go. */
class NamespaceControllerIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir);
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private void fill(String ns) {
    for (int i = 0; i < 3; i++) {
      client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata().build()).create();
    }
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata().build()).create();
    client.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName("sa").endMetadata().build()).create();
    client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("svc").endMetadata()
        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
    Deployment d = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
        .withNewMetadata().withName("web-1").withOwnerReferences(ownerReference(d, true)).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    for (int i = 0; i < 2; i++) {
      client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web-1-" + i)
          .withOwnerReferences(ownerReference(rs, true)).endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    }
  }

  private boolean empty(String ns) {
    return client.configMaps().inNamespace(ns).list().getItems().isEmpty()
        && client.secrets().inNamespace(ns).list().getItems().isEmpty()
        && client.serviceAccounts().inNamespace(ns).list().getItems().isEmpty()
        && client.services().inNamespace(ns).list().getItems().isEmpty()
        && client.apps().deployments().inNamespace(ns).list().getItems().isEmpty()
        && client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty()
        && client.pods().inNamespace(ns).list().getItems().isEmpty();
  }

  @Test
  void aDeletedNamespaceIsEmptiedAndThenRemoved() {
    Namespace created = cluster.createNamespace("doomed");
    assertThat(created.getSpec().getFinalizers()).containsExactly("kubernetes");
    fill("doomed");

    client.namespaces().withName("doomed").delete();

    Namespace terminating = client.namespaces().withName("doomed").get();
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    assertThatThrownBy(() -> client.configMaps().inNamespace("doomed")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("late").endMetadata().build()).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    await().untilAsserted(() -> assertThat(client.namespaces().withName("doomed").get()).isNull());
    assertThat(empty("doomed")).isTrue();
  }

  @Test
  void contentWithAFinalizerHoldsTheNamespaceWithConditionsSayingWhy() {
    cluster.createNamespace("held");
    client.configMaps().inNamespace("held").resource(new ConfigMapBuilder().withNewMetadata().withName("held")
        .withFinalizers("example.com/hold").endMetadata().build()).create();
    client.configMaps().inNamespace("held").resource(new ConfigMapBuilder().withNewMetadata().withName("free").endMetadata().build()).create();

    client.namespaces().withName("held").delete();

    await().untilAsserted(() -> {
      Namespace ns = client.namespaces().withName("held").get();
      Map<String, NamespaceCondition> conditions = ns.getStatus().getConditions().stream()
          .collect(Collectors.toMap(NamespaceCondition::getType, c -> c));
      assertThat(conditions).containsOnlyKeys("NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
          "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining");
      assertThat(conditions.get("NamespaceContentRemaining").getStatus()).isEqualTo("True");
      assertThat(conditions.get("NamespaceContentRemaining").getReason()).isEqualTo("SomeResourcesRemain");
      assertThat(conditions.get("NamespaceContentRemaining").getMessage())
          .isEqualTo("Some resources are remaining: configmaps has 1 resource instances");
      assertThat(conditions.get("NamespaceFinalizersRemaining").getStatus()).isEqualTo("True");
      assertThat(conditions.get("NamespaceFinalizersRemaining").getMessage())
          .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
      assertThat(conditions.get("NamespaceDeletionDiscoveryFailure").getStatus()).isEqualTo("False");
      assertThat(conditions.get("NamespaceDeletionContentFailure").getStatus()).isEqualTo("False");
    });
    ConfigMap held = client.configMaps().inNamespace("held").withName("held").get();
    assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(client.configMaps().inNamespace("held").withName("free").get()).isNull();
    assertThat(client.namespaces().withName("held").get().getSpec().getFinalizers()).containsExactly("kubernetes");

    client.configMaps().inNamespace("held").withName("held")
        .edit(cm -> new ConfigMapBuilder(cm).editMetadata().withFinalizers().endMetadata().build());

    await().untilAsserted(() -> assertThat(client.namespaces().withName("held").get()).isNull());
  }

  @Test
  void otherNamespacesAreLeftAlone() {
    cluster.createNamespace("bystander");
    cluster.createNamespace("target");
    client.configMaps().inNamespace("bystander").resource(new ConfigMapBuilder().withNewMetadata().withName("keep").endMetadata().build()).create();

    client.namespaces().withName("target").delete();

    await().untilAsserted(() -> assertThat(client.namespaces().withName("target").get()).isNull());
    assertThat(client.namespaces().withName("bystander").get().getMetadata().getDeletionTimestamp()).isNull();
    assertThat(client.configMaps().inNamespace("bystander").withName("keep").get()).isNotNull();
    assertThat(client.namespaces().withName("default").get()).isNotNull();
    assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
  }
}
