package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The controller manager runs in the cluster: deletions finish as in Kubernetes. */
@KetchCluster(nodes = 1, store = KetchCluster.Store.DISK)
class ControllersTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void deletedNamespaceGoesAwayWithItsContents(KubernetesClient client) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build()).create();
    client.configMaps().inNamespace("doomed").resource(configMap("settings")).create();

    client.namespaces().withName("doomed").delete();

    await().atMost(WAIT).until(() -> client.namespaces().withName("doomed").get() == null);
    assertThat(client.configMaps().inNamespace("doomed").list().getItems()).isEmpty();
  }

  @Test
  void foregroundDeletionRemovesDependentsThenTheOwner(KubernetesClient client) {
    ConfigMap owner = client.configMaps().inNamespace("default").resource(configMap("owner")).create();
    ConfigMap dependent = new ConfigMapBuilder(configMap("dependent")).editMetadata()
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
            .withName("owner").withUid(owner.getMetadata().getUid()).withBlockOwnerDeletion(true).build())
        .endMetadata().build();
    client.configMaps().inNamespace("default").resource(dependent).create();

    client.configMaps().inNamespace("default").withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

    await().atMost(WAIT).until(() -> client.configMaps().inNamespace("default").withName("owner").get() == null);
    assertThat(client.configMaps().inNamespace("default").withName("dependent").get()).isNull();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
  }
}
