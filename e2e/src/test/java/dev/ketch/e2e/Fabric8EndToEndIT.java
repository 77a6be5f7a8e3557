package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.KetchProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/ketch server` driven by the fabric8 client, as Java operators and services drive a cluster. */
class Fabric8EndToEndIT {

  @TempDir static Path tmp;
  private static KetchProcess ketch;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    ketch = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120),
        "server", "--disable-agent", "--data-dir", tmp.resolve("data").toString(),
        "--etcd-listen", "127.0.0.1:" + KetchProcess.freePort(), "--https-listen", "127.0.0.1:" + KetchProcess.freePort());
    Config config = Config.fromKubeconfig(Files.readString(tmp.resolve("data/kubeconfig")));
    client = new KubernetesClientBuilder().withConfig(config).build();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (ketch != null) {
      ketch.close();
    }
  }

  private static ConfigMap configMap(String name, Map<String, String> labels) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("f8").withLabels(labels).endMetadata()
        .withData(Map.of("k", "v")).build();
  }

  @Test
  void crudWithOptimisticConcurrency() {
    ConfigMap created = client.configMaps().inNamespace("f8").resource(configMap("crud", Map.of("app", "a"))).create();
    assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
    assertThat(client.configMaps().inNamespace("f8").withName("crud").get().getData()).containsEntry("k", "v");
    ConfigMap stale = created;
    created.getData().put("k", "v2");
    client.configMaps().inNamespace("f8").resource(created).update();
    stale.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
    stale.getData().put("k", "v3");
    assertThatThrownBy(() -> client.configMaps().inNamespace("f8").resource(stale).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    client.configMaps().inNamespace("f8").withName("crud").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"p\":\"q\"}}");
    assertThat(client.configMaps().inNamespace("f8").withName("crud").get().getData()).containsEntry("p", "q");
    assertThat(client.configMaps().inNamespace("f8").withName("crud").delete()).isNotEmpty();
    assertThat(client.configMaps().inNamespace("f8").withName("crud").get()).isNull();
  }

  @Test
  void listWithSelectorsAndPages() {
    for (int i = 0; i < 7; i++) {
      client.configMaps().inNamespace("f8").resource(configMap("page-" + i, Map.of("set", "pages", "odd", Boolean.toString(i % 2 == 1)))).create();
    }
    assertThat(client.configMaps().inNamespace("f8").withLabel("set", "pages").list().getItems()).hasSize(7);
    assertThat(client.configMaps().inNamespace("f8").withLabel("odd", "true").list().getItems()).hasSize(3);
    var firstPage = client.configMaps().inNamespace("f8").withLabel("set", "pages")
        .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L).build());
    assertThat(firstPage.getItems()).hasSize(3);
    assertThat(firstPage.getMetadata().getContinue()).isNotEmpty();
  }

  @Test
  void watchesAndInformersSeeChanges() {
    List<String> watched = new CopyOnWriteArrayList<>();
    try (Watch w = client.configMaps().inNamespace("f8").withLabel("set", "watched").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        watched.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      List<String> informed = new CopyOnWriteArrayList<>();
      SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("f8").withLabel("set", "watched")
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
              informed.add("add " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
              informed.add("update " + newObj.getMetadata().getName());
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
              informed.add("delete " + obj.getMetadata().getName());
            }
          });
      try {
        client.configMaps().inNamespace("f8").resource(configMap("w1", Map.of("set", "watched"))).create();
        client.configMaps().inNamespace("f8").withName("w1").edit(cm -> {
          cm.getData().put("more", "x");
          return cm;
        });
        client.configMaps().inNamespace("f8").withName("w1").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(watched).containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1");
          assertThat(informed).containsExactly("add w1", "update w1", "delete w1");
        });
      } finally {
        informer.close();
      }
    }
  }

  @Test
  void deploymentsScaleThroughTheScaleSubresource() {
    Deployment d = new DeploymentBuilder().withNewMetadata().withName("scaled").withNamespace("f8").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "scaled").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "scaled").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer().endSpec()
        .endTemplate().endSpec().build();
    Deployment created = client.apps().deployments().inNamespace("f8").resource(d).create();
    // Defaulted as upstream does, with a generation.
    assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(created.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    client.apps().deployments().inNamespace("f8").withName("scaled").scale(4);
    Deployment scaled = client.apps().deployments().inNamespace("f8").withName("scaled").get();
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(4);
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void invalidObjectsAreRejectedWithTheirCauses() {
    assertThatThrownBy(() -> client.configMaps().inNamespace("f8").resource(configMap("Not_Valid", Map.of())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getDetails().getCauses()).extracting("field").containsExactly("metadata.name");
        });
    assertThat(client.configMaps().inNamespace("f8").withName("Not_Valid").get()).isNull();
  }
}
