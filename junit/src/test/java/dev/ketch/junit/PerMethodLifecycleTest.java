package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.RepeatedTest;

/** With PER_METHOD, every test starts on a new, empty cluster. */
@KetchCluster(nodes = 0, lifecycle = KetchCluster.Lifecycle.PER_METHOD)
class PerMethodLifecycleTest {

  @RepeatedTest(2)
  void seesNothingAnEarlierTestCreated(KubernetesClient client) {
    assertThat(client.configMaps().inNamespace("default").withName("left-behind").get()).isNull();

    client.configMaps().inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("left-behind").endMetadata().build()).create();
  }
}
