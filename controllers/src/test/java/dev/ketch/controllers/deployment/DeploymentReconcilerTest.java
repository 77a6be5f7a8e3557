package dev.ketch.controllers.deployment;

import static dev.ketch.controllers.fake.TestObjects.NS;
import static dev.ketch.controllers.fake.TestObjects.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeRecorder;
import dev.ketch.controllers.fake.TestObjects;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Deployment controller on an in-memory API and a fake clock, with the ReplicaSet controller
 * and a stand-in kubelet stepping pods to ready ({@link Simulation}).
 */
class DeploymentReconcilerTest {

  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final ObjectKey KEY = new ObjectKey(NS, "web");

  private final Simulation sim = new Simulation();

  private static Deployment web(int replicas, String maxSurge, String maxUnavailable) {
    return new DeploymentBuilder(deployment("web", replicas, LABELS)).editSpec().editStrategy().editRollingUpdate()
        .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable)).endRollingUpdate().endStrategy()
        .endSpec().build();
  }

  private static IntOrString intOrPercent(String v) {
    return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
  }

  private void setImage(String image) {
    Deployment d = sim.deployment("web");
    sim.deployments.update(new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer().withImage(image)
        .endContainer().endSpec().endTemplate().endSpec().build());
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata o, String key) {
    return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
  }

  @Test
  void aNewDeploymentGetsAReplicaSetWithRevisionOneAndTheTemplateHash() throws Exception {
    Deployment d = sim.create(web(3, "25%", "25%"));

    sim.deploymentReconciler.reconcile(KEY);

    ReplicaSet rs = sim.replicaSets().getFirst();
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(hash).isNotEmpty().matches("[bcdfghjklmnpqrstvwxz2456789]+");
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web").containsEntry("pod-template-hash", hash);
    assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
    assertThat(ControllerRefs.controllerOf(rs).getUid()).isEqualTo(d.getMetadata().getUid());
    assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
        .containsEntry("deployment.kubernetes.io/desired-replicas", "3").containsEntry("deployment.kubernetes.io/max-replicas", "4");
    Deployment after = sim.deployment("web");
    assertThat(annotation(after, "deployment.kubernetes.io/revision")).isEqualTo("1");
    assertThat(condition(after, "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");
    assertThat(sim.recorder.withReason("ScalingReplicaSet")).extracting(FakeRecorder.Recorded::message)
        .containsExactly("Scaled up replica set " + rs.getMetadata().getName() + " from 0 to 3");
  }

  @Test
  void theHashIsStableAndChangesWithTheTemplate() {
    var t = TestObjects.template(LABELS, "nginx:1");
    assertThat(TemplateHash.compute(t, null)).isEqualTo(TemplateHash.compute(TestObjects.template(LABELS, "nginx:1"), null));
    assertThat(TemplateHash.compute(t, null)).isNotEqualTo(TemplateHash.compute(TestObjects.template(LABELS, "nginx:2"), null));
    assertThat(TemplateHash.compute(t, null)).isNotEqualTo(TemplateHash.compute(t, 1));
  }

  @Test
  void aDeploymentBecomesCompleteAndAvailable() throws Exception {
    sim.create(web(3, "25%", "25%"));

    sim.settle("web", 20);

    Deployment d = sim.deployment("web");
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
    assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    assertThat(condition(d, "Progressing").getMessage()).matches("ReplicaSet \"web-[a-z0-9]+\" has successfully progressed\\.");
  }

  @Test
  void aRollingUpdateGoesPodByPodWithinMaxSurgeAndMaxUnavailable() throws Exception {
    sim.create(web(10, "2", "1"));
    sim.settle("web", 20);
    String oldRs = sim.replicaSets().getFirst().getMetadata().getName();
    AtomicInteger maxPods = new AtomicInteger();
    AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
    sim.readyPerStep = 1;
    sim.observer = s -> {
      maxPods.accumulateAndGet(s.activePods().size(), Math::max);
      minAvailable.accumulateAndGet((int) s.availablePods(0), Math::min);
    };

    setImage("nginx:2");
    int rounds = sim.settle("web", 100);

    assertThat(maxPods.get()).isLessThanOrEqualTo(12);
    assertThat(minAvailable.get()).isGreaterThanOrEqualTo(9);
    assertThat(rounds).isGreaterThan(5);
    Deployment d = sim.deployment("web");
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(10);
    assertThat(d.getStatus().getReplicas()).isEqualTo(10);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(10);
    assertThat(annotation(d, "deployment.kubernetes.io/revision")).isEqualTo("2");
    ReplicaSet old = sim.replicaSets.stored(NS, oldRs);
    assertThat(old.getSpec().getReplicas()).isZero();
    assertThat(sim.activePods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:2"));
    assertThat(sim.recorder.withReason("ScalingReplicaSet")).extracting(FakeRecorder.Recorded::message)
        .anyMatch(m -> m.startsWith("Scaled down replica set " + oldRs + " from 10 to"));
  }

  @Test
  void anOldReplicaSetWhoseStatusStillCountsMorePodsThanItsSizeIsNoError() throws Exception {
    sim.create(web(10, "2", "2"));
    sim.settle("web", 20);
    setImage("nginx:2");
    ReplicaSet old = sim.replicaSets().getFirst();
    // Just scaled down; its controller has not deleted the pods nor written its status yet.
    sim.replicaSets.add(new ReplicaSetBuilder(old).editSpec().withReplicas(5).endSpec().build());

    sim.deploymentReconciler.reconcile(KEY);

    assertThat(sim.replicaSets()).hasSize(2);
  }

  @Test
  void recreateDeletesEveryOldPodBeforeCreatingNewOnes() throws Exception {
    sim.create(new DeploymentBuilder(deployment("web", 3, LABELS)).editSpec().withNewStrategy().withType("Recreate").endStrategy()
        .endSpec().build());
    sim.settle("web", 20);
    AtomicInteger overlap = new AtomicInteger();
    sim.observer = s -> {
      long old = s.activePods().stream().filter(p -> p.getSpec().getContainers().getFirst().getImage().equals("nginx:1")).count();
      long fresh = s.activePods().stream().filter(p -> p.getSpec().getContainers().getFirst().getImage().equals("nginx:2")).count();
      if (old > 0 && fresh > 0) {
        overlap.incrementAndGet();
      }
    };

    setImage("nginx:2");
    sim.settle("web", 30);

    assertThat(overlap.get()).isZero();
    assertThat(sim.deployment("web").getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(sim.deployment("web").getStatus().getAvailableReplicas()).isEqualTo(3);
  }

  @Test
  void aPausedDeploymentScalesButDoesNotRollOut() throws Exception {
    sim.create(web(2, "25%", "25%"));
    sim.settle("web", 20);
    Deployment d = sim.deployment("web");
    sim.deployments.update(new DeploymentBuilder(d).editSpec().withPaused(true).endSpec().build());
    sim.settle("web", 10);
    assertThat(condition(sim.deployment("web"), "Progressing").getReason()).isEqualTo("DeploymentPaused");
    assertThat(condition(sim.deployment("web"), "Progressing").getStatus()).isEqualTo("Unknown");

    setImage("nginx:2");
    d = sim.deployment("web");
    sim.deployments.update(new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
    sim.settle("web", 20);

    assertThat(sim.replicaSets()).hasSize(1);
    assertThat(sim.activePods()).hasSize(4);
    assertThat(sim.deployment("web").getStatus().getUpdatedReplicas()).isZero();

    d = sim.deployment("web");
    sim.deployments.update(new DeploymentBuilder(d).editSpec().withPaused(false).endSpec().build());
    sim.settle("web", 40);
    assertThat(sim.deployment("web").getStatus().getUpdatedReplicas()).isEqualTo(4);
    assertThat(condition(sim.deployment("web"), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
  }

  @Test
  void scalingMidRolloutSpreadsReplicasInProportion() throws Exception {
    sim.create(web(10, "3", "2"));
    sim.settle("web", 20);
    sim.readyPerStep = 0;
    setImage("nginx:2");
    sim.step("web");
    sim.step("web");
    List<ReplicaSet> midway = sim.replicaSets();
    assertThat(midway).hasSize(2);
    int before = midway.stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum();
    assertThat(before).isEqualTo(13);

    Deployment d = sim.deployment("web");
    sim.deployments.update(new DeploymentBuilder(d).editSpec().withReplicas(20).endSpec().build());
    sim.deploymentReconciler.reconcile(KEY);

    List<ReplicaSet> after = sim.replicaSets();
    assertThat(after.stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum()).isEqualTo(23);
    // Both grew, each by about its share.
    for (ReplicaSet rs : after) {
      ReplicaSet was = midway.stream().filter(m -> m.getMetadata().getName().equals(rs.getMetadata().getName())).findFirst().orElseThrow();
      assertThat(rs.getSpec().getReplicas()).isGreaterThan(was.getSpec().getReplicas());
    }
  }

  @Test
  void oldReplicaSetsBeyondTheHistoryLimitAreDeleted() throws Exception {
    sim.create(new DeploymentBuilder(web(1, "1", "0")).editSpec().withRevisionHistoryLimit(1).endSpec().build());
    sim.settle("web", 20);
    for (String image : List.of("nginx:2", "nginx:3", "nginx:4")) {
      setImage(image);
      sim.settle("web", 30);
    }

    List<ReplicaSet> left = sim.replicaSets();
    assertThat(left).hasSize(2);
    assertThat(left).extracting(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
        .containsExactlyInAnyOrder("3", "4");
  }

  @Test
  void rollingBackReusesTheOldReplicaSetWithANewRevision() throws Exception {
    sim.create(web(2, "1", "0"));
    sim.settle("web", 20);
    setImage("nginx:2");
    sim.settle("web", 30);
    setImage("nginx:1");
    sim.settle("web", 30);

    assertThat(sim.replicaSets()).hasSize(2);
    ReplicaSet current = sim.replicaSets().stream().max(Comparator.comparing(rs -> rs.getSpec().getReplicas())).orElseThrow();
    assertThat(current.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1");
    assertThat(current.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
        .containsEntry("deployment.kubernetes.io/revision-history", "1");
    assertThat(annotation(sim.deployment("web"), "deployment.kubernetes.io/revision")).isEqualTo("3");
  }

  @Test
  void aRolloutThatStopsProgressingTimesOut() throws Exception {
    sim.create(new DeploymentBuilder(web(2, "1", "0")).editSpec().withProgressDeadlineSeconds(60).endSpec().build());
    sim.settle("web", 20);
    sim.neverReady = p -> p.getSpec().getContainers().getFirst().getImage().equals("nginx:broken");
    setImage("nginx:broken");
    sim.settle("web", 20);
    assertThat(condition(sim.deployment("web"), "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");

    Result r = sim.deploymentReconciler.reconcile(KEY);
    assertThat(r).isInstanceOf(Result.RequeueAfter.class);
    assertThat(((Result.RequeueAfter) r).delay()).isLessThanOrEqualTo(Duration.ofSeconds(60)).isPositive();

    sim.clock.advance(Duration.ofSeconds(61));
    sim.deploymentReconciler.reconcile(KEY);

    DeploymentCondition c = condition(sim.deployment("web"), "Progressing");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(c.getMessage()).matches("ReplicaSet \"web-[a-z0-9]+\" has timed out progressing\\.");
  }

  @Test
  void anEmptySelectorIsRefusedWithAWarning() throws Exception {
    sim.create(new DeploymentBuilder(deployment("web", 1, LABELS)).editSpec().withNewSelector().endSelector().endSpec().build());

    sim.deploymentReconciler.reconcile(KEY);

    assertThat(sim.recorder.withReason("SelectingAll")).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("Warning"));
    assertThat(sim.replicaSets()).isEmpty();
    assertThat(sim.deployment("web").getStatus().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void aReplicaSetTheApiRefusesIsAWarningAndAFalseProgressingCondition() {
    sim.create(web(1, "1", "0"));
    sim.api.failWhen("create", "ReplicaSet", a -> FakeApi.error(422, "Invalid",
        "ReplicaSet.apps \"" + a.name() + "\" is invalid: spec.template.spec.containers[0].image: Required value"));

    assertThatThrownBy(() -> sim.deploymentReconciler.reconcile(KEY)).hasMessageContaining("Required value");

    assertThat(sim.recorder.withReason("ReplicaSetCreateError")).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("Warning");
      assertThat(e.message()).startsWith("Failed to create new replica set \"web-");
    });
    DeploymentCondition c = condition(sim.deployment("web"), "Progressing");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("ReplicaSetCreateError");
  }

  @Test
  void aNameTakenByAnotherReplicaSetRaisesTheCollisionCount() throws Exception {
    Deployment d = sim.create(web(1, "1", "0"));
    String hash = TemplateHash.compute(d.getSpec().getTemplate(), null);
    sim.replicaSets.add(new ReplicaSetBuilder(TestObjects.replicaSet("web-" + hash, 0, Map.of("app", "other"))).build());

    assertThatThrownBy(() -> sim.deploymentReconciler.reconcile(KEY)).hasMessageContaining("already exists");

    assertThat(sim.deployment("web").getStatus().getCollisionCount()).isEqualTo(1);
    sim.deploymentReconciler.reconcile(KEY);
    assertThat(sim.replicaSets()).hasSize(2);
  }

  @Test
  void orphanedReplicaSetsAreAdoptedAndReused() throws Exception {
    Deployment d = sim.create(web(2, "1", "0"));
    String hash = TemplateHash.compute(d.getSpec().getTemplate(), null);
    ReplicaSet orphan = TestObjects.replicaSet("web-" + hash, 2, LABELS);
    orphan.getSpec().getSelector().getMatchLabels().put("pod-template-hash", hash);
    orphan.getSpec().getTemplate().getMetadata().getLabels().put("pod-template-hash", hash);
    orphan.getMetadata().getLabels().put("pod-template-hash", hash);
    sim.replicaSets.add(orphan);

    sim.deploymentReconciler.reconcile(KEY);

    assertThat(sim.replicaSets()).hasSize(1);
    assertThat(ControllerRefs.controllerOf(sim.replicaSets().getFirst()).getUid()).isEqualTo(d.getMetadata().getUid());
  }
}
