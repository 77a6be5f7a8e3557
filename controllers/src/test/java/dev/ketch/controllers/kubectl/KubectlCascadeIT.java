package dev.ketch.controllers.kubectl;

import static dev.ketch.controllers.TestCluster.ownerReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.garbagecollector.GarbageCollectorConfig;
import dev.ketch.controllers.manager.BuiltInControllers;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.namespace.NamespaceControllerConfig;
import dev.ketch.testing.launcher.Command;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's {@code delete --cascade=background|foreground|orphan} and {@code delete
 * namespace} against the API server with the controllers running: what kubectl waits for, and
 * what is left when it returns.
 */
class KubectlCascadeIT {

  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    if (!Files.isExecutable(KUBECTL)) {
      throw new AssertionError(KUBECTL + " is missing: these tests need the real kubectl");
    }
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    // The collector alone: workload controllers would adopt, release and replace the hand-made
    // ReplicaSets' pods while the test looks at them.
    cluster = TestCluster.start(dir, ControllerManagerConfig.defaults().withControllers(List.of(
        BuiltInControllers.garbageCollector(GarbageCollectorConfig.defaults()),
        BuiltInControllers.namespace(NamespaceControllerConfig.defaults()))));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Command.Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    return Command.run(Duration.ofSeconds(90), Map.of(), null, command).requireSuccess();
  }

  private ConfigMap ownerWithSecrets(String ns, boolean block) {
    cluster.createNamespace(ns);
    ConfigMap owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("owner")
        .endMetadata().build()).create();
    for (String s : List.of("a", "b", "c")) {
      client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(s)
          .withOwnerReferences(ownerReference(owner, block)).endMetadata().build()).create();
    }
    return owner;
  }

  private List<String> secrets(String ns) {
    return client.secrets().inNamespace(ns).list().getItems().stream().map(s -> s.getMetadata().getName()).sorted().toList();
  }

  @Test
  void cascadeBackgroundDeletesTheOwnerAtOnceAndTheDependentsAfter() {
    ownerWithSecrets("kc-background", false);

    Command.Result r = kubectl("delete", "configmap", "owner", "-n", "kc-background", "--cascade=background");

    assertThat(r.stdout()).contains("configmap \"owner\" deleted");
    assertThat(client.configMaps().inNamespace("kc-background").withName("owner").get()).isNull();
    await().untilAsserted(() -> assertThat(secrets("kc-background")).isEmpty());
  }

  @Test
  void cascadeForegroundReturnsOnlyOnceTheDependentsAreGone() {
    String ns = "kc-foreground";
    cluster.createNamespace(ns);
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
    for (int i = 0; i < 3; i++) {
      client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web-1-" + i)
          .withOwnerReferences(ownerReference(rs, true)).endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    }
    await().until(() -> client.pods().inNamespace(ns).list().getItems().size() == 3);

    Command.Result r = kubectl("delete", "deployment", "web", "-n", ns, "--cascade=foreground");

    assertThat(r.stdout()).contains("deployment.apps \"web\" deleted");
    // kubectl waited for the deployment to go, which foreground deletion allows only after its
    // blocking dependents are gone.
    assertThat(client.apps().deployments().inNamespace(ns).withName("web").get()).isNull();
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void cascadeOrphanLeavesTheDependentsWithoutTheirReference() {
    ownerWithSecrets("kc-orphan", true);
    await().until(() -> secrets("kc-orphan").size() == 3);

    Command.Result r = kubectl("delete", "configmap", "owner", "-n", "kc-orphan", "--cascade=orphan");

    assertThat(r.stdout()).contains("configmap \"owner\" deleted");
    assertThat(client.configMaps().inNamespace("kc-orphan").withName("owner").get()).isNull();
    assertThat(secrets("kc-orphan")).containsExactly("a", "b", "c");
    for (String s : List.of("a", "b", "c")) {
      List<OwnerReference> refs = client.secrets().inNamespace("kc-orphan").withName(s).get().getMetadata().getOwnerReferences();
      assertThat(refs).as("owner references of %s", s).isEmpty();
    }
  }

  @Test
  void deleteNamespaceWaitsUntilTheNamespaceIsGone() {
    ownerWithSecrets("kc-namespace", false);

    Command.Result r = kubectl("delete", "namespace", "kc-namespace");

    assertThat(r.stdout()).contains("namespace \"kc-namespace\" deleted");
    assertThat(client.namespaces().withName("kc-namespace").get()).isNull();
    assertThat(secrets("kc-namespace")).isEmpty();
  }
}
