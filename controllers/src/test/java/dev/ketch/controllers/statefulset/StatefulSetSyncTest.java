package dev.ketch.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.history.Revisions;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.pods.PodStates;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The StatefulSet reconcile logic against the in-memory fake API, one sync at a time. */
class StatefulSetSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final StatefulSetSync sync = new StatefulSetSync(cluster, events, clock);
  private final FakeObjects<StatefulSet> sets = cluster.objects(StatefulSet.class);
  private final FakeObjects<Pod> pods = cluster.objects(Pod.class);
  private final FakeObjects<ControllerRevision> revisions = cluster.objects(ControllerRevision.class);
  private final FakeObjects<PersistentVolumeClaim> claims = cluster.objects(PersistentVolumeClaim.class);

  private static StatefulSetBuilder set(String name, int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace("ns").endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName(name).withPodManagementPolicy("OrderedReady")
        .withRevisionHistoryLimit(10)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate().endUpdateStrategy()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().endTemplate()
        .endSpec();
  }

  private void syncSet(String name) {
    sync.sync(new ObjectKey("ns", name));
  }

  private List<String> podNames() {
    return pods.list("ns").stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  private void makeReady(String name) {
    pods.put(PodStates.runningAndReady(pods.get("ns", name), "node-1", clock.now()));
  }

  private StatefulSet stored(String name) {
    return sets.get("ns", name);
  }

  @Test
  void orderedReadyCreatesOnePodAtATimeEachAfterItsPredecessorIsReady() {
    sets.add(set("web", 3).build());

    syncSet("web");
    assertThat(podNames()).containsExactly("web-0");
    syncSet("web");
    assertThat(podNames()).as("waits for web-0 to be running and ready").containsExactly("web-0");

    makeReady("web-0");
    syncSet("web");
    assertThat(podNames()).containsExactly("web-0", "web-1");
    makeReady("web-1");
    syncSet("web");
    makeReady("web-2");
    syncSet("web");

    StatefulSet s = stored("web");
    assertThat(s.getStatus().getReplicas()).isEqualTo(3);
    assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(3);
    assertThat(s.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision()).startsWith("web-");
    assertThat(events.reasons()).containsExactly("SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate");
    assertThat(events.events().getFirst().message()).isEqualTo("create Pod web-0 in StatefulSet web successful");
  }

  @Test
  void podsHaveTheirStableIdentity() {
    sets.add(set("web", 1).build());
    syncSet("web");

    Pod pod = pods.get("ns", "web-0");
    String revision = stored("web").getStatus().getUpdateRevision();
    assertThat(pod.getSpec().getHostname()).isEqualTo("web-0");
    assertThat(pod.getSpec().getSubdomain()).isEqualTo("web");
    assertThat(pod.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
        .containsEntry("apps.kubernetes.io/pod-index", "0")
        .containsEntry("controller-revision-hash", revision)
        .containsEntry("app", "web");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
      assertThat(r.getKind()).isEqualTo("StatefulSet");
      assertThat(r.getController()).isTrue();
      assertThat(r.getBlockOwnerDeletion()).isTrue();
    });
  }

  @Test
  void parallelCreatesEveryPodAtOnce() {
    sets.add(set("par", 3).editSpec().withPodManagementPolicy("Parallel").endSpec().build());
    syncSet("par");
    assertThat(podNames()).containsExactly("par-0", "par-1", "par-2");
  }

  @Test
  void scaleDownDeletesTheHighestOrdinalFirstAndWaitsForItToGo() {
    sets.add(set("web", 3).build());
    for (int i = 0; i < 3; i++) {
      syncSet("web");
      makeReady("web-" + i);
    }
    StatefulSet s = stored("web");
    s.getSpec().setReplicas(1);
    sets.update(s);

    syncSet("web");
    Pod terminating = pods.get("ns", "web-2");
    assertThat(terminating.getMetadata().getDeletionTimestamp()).as("web-2 is terminating").isNotNull();
    assertThat(pods.get("ns", "web-1").getMetadata().getDeletionTimestamp()).isNull();

    syncSet("web");
    assertThat(pods.get("ns", "web-1").getMetadata().getDeletionTimestamp()).as("web-1 waits for web-2").isNull();

    pods.remove("ns", "web-2");
    syncSet("web");
    assertThat(pods.get("ns", "web-1").getMetadata().getDeletionTimestamp()).isNotNull();
    pods.remove("ns", "web-1");
    syncSet("web");
    assertThat(podNames()).containsExactly("web-0");
    assertThat(stored("web").getStatus().getReplicas()).isEqualTo(1);
  }

  @Test
  void claimsAreCreatedPerOrdinalBeforeThePodAndMountedByIt() {
    PersistentVolumeClaim template = new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi"))
        .endResources().endSpec().build();
    sets.add(set("db", 1).editSpec().withVolumeClaimTemplates(template)
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete").withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy().endSpec().build());

    syncSet("db");

    PersistentVolumeClaim claim = claims.get("ns", "data-db-0");
    assertThat(claim).isNotNull();
    assertThat(claim.getMetadata().getLabels()).containsEntry("app", "db");
    assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
    assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(stored("db").getMetadata().getUid()));
    Pod pod = pods.get("ns", "db-0");
    assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("data");
      assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-db-0");
    });
    assertThat(events.events().getFirst().message()).isEqualTo("create Claim data-db-0 Pod db-0 in StatefulSet db success");
  }

  @Test
  void revisionDataIsTheTemplatePatchKubectlApplies() {
    sets.add(set("web", 1).build());
    syncSet("web");

    ControllerRevision r = revisions.list("ns").getFirst();
    assertThat(r.getRevision()).isEqualTo(1L);
    assertThat(r.getMetadata().getName()).isEqualTo(stored("web").getStatus().getUpdateRevision());
    assertThat(r.getMetadata().getLabels()).containsEntry("app", "web").containsKey(Revisions.HASH_LABEL);
    assertThat(r.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getController()).isTrue());
    var template = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r.getData()).path("spec").path("template");
    assertThat(template.path("$patch").asText()).isEqualTo("replace");
    assertThat(template.has("spec")).isTrue();
    assertThat(Revisions.template(r).getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1");
  }

  private void runAll(String name, int replicas) {
    for (int i = 0; i < replicas * 3; i++) {
      syncSet(name);
      for (Pod p : pods.list("ns")) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
          pods.remove("ns", p.getMetadata().getName());
        } else if (!"Running".equals(p.getStatus().getPhase())) {
          makeReady(p.getMetadata().getName());
        }
      }
    }
    syncSet(name);
  }

  private void changeImage(String name, String image) {
    StatefulSet s = stored(name);
    s.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    sets.update(s);
  }

  private String image(String pod) {
    return pods.get("ns", pod).getSpec().getContainers().getFirst().getImage();
  }

  @Test
  void rollingUpdateReplacesPodsFromTheHighestOrdinalAndCompletes() {
    sets.add(set("web", 3).build());
    runAll("web", 3);
    String first = stored("web").getStatus().getCurrentRevision();

    changeImage("web", "nginx:2");
    syncSet("web");
    StatefulSet s = stored("web");
    assertThat(s.getStatus().getUpdateRevision()).isNotEqualTo(first);
    assertThat(s.getStatus().getCurrentRevision()).isEqualTo(first);
    assertThat(pods.get("ns", "web-2").getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(pods.get("ns", "web-1").getMetadata().getDeletionTimestamp()).isNull();

    runAll("web", 3);
    s = stored("web");
    assertThat(List.of(image("web-0"), image("web-1"), image("web-2"))).containsOnly("nginx:2");
    assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
    assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(revisions.list("ns")).hasSize(2);
  }

  @Test
  void aPartitionKeepsLowerOrdinalsAtTheCurrentRevision() {
    sets.add(set("web", 3).build());
    runAll("web", 3);
    StatefulSet s = stored("web");
    s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(2);
    s.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("nginx:2");
    sets.update(s);

    runAll("web", 3);

    assertThat(image("web-2")).isEqualTo("nginx:2");
    assertThat(image("web-1")).isEqualTo("nginx:1");
    assertThat(image("web-0")).isEqualTo("nginx:1");
    s = stored("web");
    assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(2);
    assertThat(s.getStatus().getCurrentRevision()).isNotEqualTo(s.getStatus().getUpdateRevision());
  }

  @Test
  void onDeleteLeavesPodsUntilTheyAreDeleted() {
    sets.add(set("web", 2).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec().build());
    runAll("web", 2);
    changeImage("web", "nginx:2");
    runAll("web", 2);
    assertThat(image("web-0")).isEqualTo("nginx:1");
    assertThat(image("web-1")).isEqualTo("nginx:1");

    pods.remove("ns", "web-1");
    runAll("web", 2);
    assertThat(image("web-1")).isEqualTo("nginx:2");
    assertThat(image("web-0")).isEqualTo("nginx:1");
  }

  @Test
  void goingBackToAnEarlierTemplateRenumbersItsRevision() {
    sets.add(set("web", 1).build());
    runAll("web", 1);
    String first = stored("web").getStatus().getCurrentRevision();
    changeImage("web", "nginx:2");
    runAll("web", 1);
    changeImage("web", "nginx:1");
    runAll("web", 1);

    assertThat(revisions.list("ns")).hasSize(2);
    assertThat(stored("web").getStatus().getUpdateRevision()).isEqualTo(first);
    assertThat(revisions.get("ns", first).getRevision()).isEqualTo(3L);
  }

  @Test
  void historyBeyondTheLimitIsDeletedOldestFirst() {
    sets.add(set("web", 1).editSpec().withRevisionHistoryLimit(1).endSpec().build());
    runAll("web", 1);
    for (String image : List.of("nginx:2", "nginx:3", "nginx:4")) {
      changeImage("web", image);
      runAll("web", 1);
    }
    assertThat(revisions.list("ns")).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(3L, 4L);
  }

  @Test
  void aFailedPodIsDeletedAndRecreated() {
    sets.add(set("web", 1).build());
    syncSet("web");
    pods.put(PodStates.terminated(pods.get("ns", "web-0"), "node-1", 1, clock.now()));
    String oldUid = pods.get("ns", "web-0").getMetadata().getUid();

    syncSet("web");
    assertThat(pods.get("ns", "web-0")).isNull();
    assertThat(events.reasons()).contains("RecreatingFailedPod");
    syncSet("web");
    assertThat(pods.get("ns", "web-0").getMetadata().getUid()).isNotEqualTo(oldUid);
  }

  @Test
  void podsThatCannotBeCreatedGiveAWarningAConditionAndARetry() {
    sets.add(set("web", 2).build());
    pods.fail("create", p -> true, 403, "pods \"web-0\" is forbidden: maximum cpu usage per Container is 1");

    assertThatThrownBy(() -> syncSet("web")).isInstanceOf(KubernetesClientException.class);

    assertThat(events.events()).anySatisfy(e -> {
      assertThat(e.reason()).isEqualTo("FailedCreate");
      assertThat(e.message()).contains("create Pod web-0 in StatefulSet web failed error: pods \"web-0\" is forbidden");
    });
    var condition = stored("web").getStatus().getConditions();
    assertThat(condition).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("ReplicaFailure");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("FailedCreate");
      assertThat(c.getMessage()).contains("maximum cpu usage");
    });

    pods.clearFailures();
    syncSet("web");
    assertThat(podNames()).containsExactly("web-0");
    assertThat(stored("web").getStatus().getConditions()).isEmpty();
  }

  @Test
  void orphansThatMatchAreAdoptedAndOwnedPodsThatNoLongerMatchAreReleased() {
    sets.add(set("web", 1).build());
    pods.add(new PodBuilder().withNewMetadata().withName("web-0").withNamespace("ns").addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().build());
    syncSet("web");
    Pod adopted = pods.get("ns", "web-0");
    assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(stored("web").getMetadata().getUid()));

    adopted.getMetadata().getLabels().put("app", "other");
    pods.put(adopted);
    syncSet("web");
    assertThat(pods.get("ns", "web-0").getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void minReadySecondsDelaysTheNextPodAndRequeues() {
    sets.add(set("web", 2).editSpec().withMinReadySeconds(10).endSpec().build());
    syncSet("web");
    makeReady("web-0");
    var result = sync.sync(new ObjectKey("ns", "web"));
    assertThat(podNames()).containsExactly("web-0");
    assertThat(result).isInstanceOf(dev.ketch.controllers.framework.Result.RequeueAfter.class);
    assertThat(stored("web").getStatus().getAvailableReplicas()).isZero();

    clock.advance(Duration.ofSeconds(10));
    syncSet("web");
    assertThat(podNames()).containsExactly("web-0", "web-1");
    assertThat(stored("web").getStatus().getAvailableReplicas()).isEqualTo(1);
  }

  @Test
  void aDeletedSetIsIgnored() {
    syncSet("gone");
    assertThat(pods.actions()).isEmpty();
  }
}
