package dev.ketch.controllers.garbagecollector;

import static dev.ketch.controllers.TestCluster.ownerReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.manager.BuiltInControllers;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.namespace.NamespaceControllerConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The garbage collector against a real API server: owners deleted with each propagation policy,
 * dangling references, and owners told apart by uid.
 */
class GarbageCollectorIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  String ns;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
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

  @BeforeEach
  void namespace(TestInfo info) {
    ns = "gc-" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "").substring(0, 20);
    cluster.createNamespace(ns);
  }

  private ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData("k", "v").build()).create();
  }

  private Secret secretOwnedBy(String name, OwnerReference... owners) {
    return client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name)
        .withOwnerReferences(owners).endMetadata().addToStringData("k", "v").build()).create();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
  }

  private ReplicaSet replicaSetOwnedBy(String name, Deployment owner, boolean block) {
    return client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
        .withNewMetadata().withName(name).withOwnerReferences(ownerReference(owner, block)).endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", owner.getMetadata().getName()).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", owner.getMetadata().getName()).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
  }

  private Pod podOwnedBy(String name, ReplicaSet owner, boolean block, String... finalizers) {
    return client.pods().inNamespace(ns).resource(new PodBuilder()
        // The owner's labels, so its ReplicaSet controller keeps the pod rather than releasing it.
        .withNewMetadata().withName(name).withLabels(owner.getSpec().getSelector().getMatchLabels())
        .withOwnerReferences(ownerReference(owner, block)).withFinalizers(finalizers).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
  }

  private List<String> secretNames() {
    return client.secrets().inNamespace(ns).list().getItems().stream().map(s -> s.getMetadata().getName()).sorted().toList();
  }

  @Test
  void backgroundDeletionRemovesTheDependents() {
    ConfigMap owner = configMap("owner");
    for (String s : List.of("a", "b", "c")) {
      secretOwnedBy(s, ownerReference(owner, false));
    }
    assertThat(secretNames()).containsExactly("a", "b", "c");

    client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

    assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNull();
    await().untilAsserted(() -> assertThat(secretNames()).isEmpty());
  }

  @Test
  void backgroundDeletionCascadesThroughEveryLevel() {
    Deployment d = deployment("web");
    ReplicaSet rs = replicaSetOwnedBy("web-1", d, true);
    for (int i = 0; i < 3; i++) {
      podOwnedBy("web-1-" + i, rs, true);
    }

    client.apps().deployments().inNamespace(ns).withName("web").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

    await().untilAsserted(() -> {
      assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    });
  }

  @Test
  void foregroundDeletionKeepsTheOwnerUntilBlockingDependentsAreGone() {
    Deployment d = deployment("api");
    ReplicaSet rs = replicaSetOwnedBy("api-1", d, true);
    podOwnedBy("api-1-a", rs, true);
    podOwnedBy("api-1-b", rs, true);
    // This pod cannot go until the test removes its finalizer.
    podOwnedBy("api-1-held", rs, true, "example.com/hold");

    client.apps().deployments().inNamespace(ns).withName("api").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

    await().untilAsserted(() -> {
      assertThat(client.pods().inNamespace(ns).list().getItems()).extracting(p -> p.getMetadata().getName())
          .containsExactly("api-1-held");
      Pod held = client.pods().inNamespace(ns).withName("api-1-held").get();
      assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
      ReplicaSet waitingRs = client.apps().replicaSets().inNamespace(ns).withName("api-1").get();
      assertThat(waitingRs.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(waitingRs.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    });
    Deployment waiting = client.apps().deployments().inNamespace(ns).withName("api").get();
    assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(waiting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");

    client.pods().inNamespace(ns).withName("api-1-held").edit(p -> new PodBuilder(p).editMetadata().withFinalizers().endMetadata().build());

    await().untilAsserted(() -> {
      assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.apps().replicaSets().inNamespace(ns).withName("api-1").get()).isNull();
      assertThat(client.apps().deployments().inNamespace(ns).withName("api").get()).isNull();
    });
  }

  @Test
  void foregroundDeletionWithoutDependentsCompletes() {
    configMap("lonely");
    client.configMaps().inNamespace(ns).withName("lonely").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    await().untilAsserted(() -> assertThat(client.configMaps().inNamespace(ns).withName("lonely").get()).isNull());
  }

  @Test
  void foregroundDeletionRemovesNonBlockingDependentsToo() {
    ConfigMap owner = configMap("owner");
    secretOwnedBy("loose", ownerReference(owner, false));
    client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    await().untilAsserted(() -> {
      assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNull();
      assertThat(secretNames()).isEmpty();
    });
  }

  @Test
  void orphanDeletionKeepsDependentsAndStripsTheirReference() {
    ConfigMap owner = configMap("owner");
    ConfigMap other = configMap("other");
    for (String s : List.of("a", "b", "c")) {
      secretOwnedBy(s, ownerReference(owner, true));
    }
    secretOwnedBy("shared", ownerReference(owner, false), ownerReference(other, false));

    client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

    await().untilAsserted(() -> assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNull());
    // The dependents stay, also those the collector learnt of after the owner went.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(secretNames()).containsExactly("a", "b", "c", "shared"));
    for (String s : List.of("a", "b", "c")) {
      assertThat(client.secrets().inNamespace(ns).withName(s).get().getMetadata().getOwnerReferences()).isEmpty();
    }
    assertThat(client.secrets().inNamespace(ns).withName("shared").get().getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getUid).containsExactly(other.getMetadata().getUid());
  }

  @Test
  void orphanDeletionOfADeploymentLeavesItsReplicaSetAndPods() {
    Deployment d = deployment("keep");
    ReplicaSet rs = replicaSetOwnedBy("keep-1", d, true);
    podOwnedBy("keep-1-a", rs, true);

    client.apps().deployments().inNamespace(ns).withName("keep").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

    await().untilAsserted(() -> assertThat(client.apps().deployments().inNamespace(ns).withName("keep").get()).isNull());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .until(() -> client.apps().replicaSets().inNamespace(ns).withName("keep-1").get() != null
            && client.pods().inNamespace(ns).withName("keep-1-a").get() != null);
    ReplicaSet orphan = client.apps().replicaSets().inNamespace(ns).withName("keep-1").get();
    assertThat(orphan.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(client.pods().inNamespace(ns).withName("keep-1-a").get().getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getUid).containsExactly(rs.getMetadata().getUid());
  }

  @Test
  void aDependentWhoseOwnerNeverExistedIsDeleted() {
    OwnerReference ghost = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("ghost")
        .withUid(UUID.randomUUID().toString()).build();
    secretOwnedBy("dangling", ghost);
    await().untilAsserted(() -> assertThat(secretNames()).isEmpty());
  }

  @Test
  void ownersAreIdentifiedByUidNotByName() {
    ConfigMap owner = configMap("same-name");
    secretOwnedBy("real", ownerReference(owner, false));
    // Names the existing ConfigMap, but an object that no longer exists.
    OwnerReference stale = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("same-name")
        .withUid(UUID.randomUUID().toString()).build();
    secretOwnedBy("stale", stale);

    await().untilAsserted(() -> assertThat(secretNames()).containsExactly("real"));
    assertThat(client.configMaps().inNamespace(ns).withName("same-name").get()).isNotNull();
  }

  @Test
  void aDependentWithAnotherLivingOwnerOnlyLosesTheGoneReference() {
    ConfigMap first = configMap("first");
    ConfigMap second = configMap("second");
    secretOwnedBy("both", ownerReference(first, false), ownerReference(second, false));

    client.configMaps().inNamespace(ns).withName("first").delete();

    await().untilAsserted(() -> assertThat(client.secrets().inNamespace(ns).withName("both").get().getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getUid).containsExactly(second.getMetadata().getUid()));
    assertThat(secretNames()).containsExactly("both");
  }

  @Test
  void aClusterScopedOwnerTakesItsNamespacedDependentsAlong() {
    ClusterRole role = client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
        .withName(ns + "-owner").endMetadata().build()).create();
    secretOwnedBy("owned-by-role", ownerReference(role, false));

    client.rbac().clusterRoles().withName(ns + "-owner").delete();

    await().untilAsserted(() -> assertThat(secretNames()).isEmpty());
  }

  @Test
  void anOwnerCreatedAfterItsDependentIsHonoured() {
    String uidHolder = "late";
    ConfigMap owner = configMap(uidHolder);
    Secret dep = secretOwnedBy("dep", ownerReference(owner, false));
    // Let the collector look at it: it must keep it, since its owner exists.
    await().pollDelay(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(secretNames()).containsExactly("dep"));
    assertThat(client.secrets().inNamespace(ns).withName("dep").get().getMetadata().getUid()).isEqualTo(dep.getMetadata().getUid());
  }
}
