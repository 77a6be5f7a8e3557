package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ketch.apiserver.support.Fabric8;
import dev.ketch.apiserver.support.InProcessApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fabric8's {@code serverSideApply()} against the real API server. */
class ServerSideApplyFabric8IT {

  private static final String NS = "fabric8-ssa";
  @TempDir static Path tmp;
  static InProcessApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    client = Fabric8.client(api.server().kubeconfigFiles().getFirst());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", name).endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }

  private static List<String> managers(List<ManagedFieldsEntry> entries) {
    return entries.stream().map(e -> e.getManager() + "/" + e.getOperation()).toList();
  }

  @Test
  void serverSideApplyCreatesUpdatesAndConflicts() {
    Deployment created = client.resource(deployment("api", 2)).fieldManager("ops").serverSideApply();
    assertThat(managers(created.getMetadata().getManagedFields())).containsExactly("ops/Apply");
    assertThat(created.getSpec().getReplicas()).isEqualTo(2);

    Deployment changed = client.resource(deployment("api", 4)).fieldManager("ops").serverSideApply();
    assertThat(changed.getSpec().getReplicas()).isEqualTo(4);

    KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(deployment("api", 1)).fieldManager("autoscaler").serverSideApply());
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
    assertThat(conflict.getStatus().getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"ops\": .spec.replicas");
    assertThat(conflict.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
      assertThat(c.getField()).isEqualTo(".spec.replicas");
    });

    Deployment forced = client.resource(deployment("api", 1)).fieldManager("autoscaler").forceConflicts().serverSideApply();
    assertThat(forced.getSpec().getReplicas()).isEqualTo(1);
    // Sorted by time to the second, then by name: the order depends on whether a second passed.
    assertThat(managers(forced.getMetadata().getManagedFields())).containsExactlyInAnyOrder("autoscaler/Apply", "ops/Apply");
  }

  @Test
  void fieldsAnApplierNoLongerSetsAreRemovedUnlessSomeoneElseOwnsThem() {
    ConfigMap both = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(NS).endMetadata()
        .withData(Map.of("a", "1", "b", "2", "shared", "s")).build();
    client.resource(both).fieldManager("first").serverSideApply();
    ConfigMap other = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(NS).endMetadata()
        .withData(Map.of("shared", "s")).build();
    client.resource(other).fieldManager("second").serverSideApply();

    ConfigMap fewer = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(NS).endMetadata()
        .withData(Map.of("a", "1")).build();
    ConfigMap result = client.resource(fewer).fieldManager("first").serverSideApply();

    assertThat(result.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "shared", "s"));
  }

  @Test
  void fieldManagersDefaultToFabric8ForAppliesAndToTheUserAgentForUpdates() {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("defaulted").withNamespace(NS).endMetadata()
        .withData(Map.of("k", "v")).build();
    ConfigMap applied = client.resource(cm).serverSideApply();
    assertThat(managers(applied.getMetadata().getManagedFields())).containsExactly("fabric8/Apply");

    ConfigMap updated = client.configMaps().inNamespace(NS).withName("defaulted").edit(c -> {
      c.getData().put("k2", "v2");
      return c;
    });
    // fabric8 names no manager for edits: the server takes the program name of its user agent.
    assertThat(managers(updated.getMetadata().getManagedFields()))
        .containsExactly("fabric8/Apply", "fabric8-kubernetes-client/Update");
  }
}
