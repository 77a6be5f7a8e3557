package dev.ketch.controllers.disruption;

import static dev.ketch.controllers.fake.TestObjects.NS;
import static dev.ketch.controllers.fake.TestObjects.controllerRef;
import static dev.ketch.controllers.fake.TestObjects.deployment;
import static dev.ketch.controllers.fake.TestObjects.pod;
import static dev.ketch.controllers.fake.TestObjects.replicaSet;
import static dev.ketch.controllers.fake.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeRecorder;
import dev.ketch.controllers.fake.FakeResource;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PodDisruptionBudget status on an in-memory API and a fake clock, as upstream's disruption_test. */
class DisruptionReconcilerTest {

  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final ObjectKey KEY = new ObjectKey(NS, "web");

  private final FakeClock clock = new FakeClock();
  private final FakeApi api = new FakeApi(clock);
  private final FakeResource<PodDisruptionBudget> budgets = api.of(PodDisruptionBudget.class);
  private final FakeResource<Pod> pods = api.of(Pod.class);
  private final FakeResource<ReplicaSet> replicaSets = api.of(ReplicaSet.class);
  private final FakeResource<Deployment> deployments = api.of(Deployment.class);
  private final FakeRecorder recorder = new FakeRecorder();
  private final DisruptionReconciler reconciler = new DisruptionReconciler(budgets.cache(), budgets, pods.cache(),
      new ExpectedScale(replicaSets.cache(), deployments.cache(), api.of(ReplicationController.class).cache(),
          api.of(StatefulSet.class).cache()), recorder, clock);

  private void budget(IntOrString minAvailable, IntOrString maxUnavailable) {
    budgets.add(new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withMinAvailable(minAvailable).withMaxUnavailable(maxUnavailable).withNewSelector().withMatchLabels(LABELS)
        .endSelector().endSpec().build());
  }

  private PodDisruptionBudgetStatus status() {
    return budgets.stored(NS, "web").getStatus();
  }

  private ReplicaSet deploymentReplicaSet(int replicas) {
    Deployment d = deployments.add(deployment("web", replicas, LABELS));
    return replicaSets.add(new ReplicaSetBuilder(replicaSet("web-1", replicas, LABELS)).editMetadata()
        .withOwnerReferences(controllerRef(d)).endMetadata().build());
  }

  private void readyPods(ReplicaSet owner, int n) {
    for (int i = 0; i < n; i++) {
      pods.add(running(pod("p" + i, LABELS).editMetadata().withOwnerReferences(controllerRef(owner)).endMetadata().build(), "n1",
          clock.now()));
    }
  }

  @Test
  void minAvailableAsANumberCountsTheSelectedPods() throws Exception {
    budget(new IntOrString(2), null);
    readyPods(deploymentReplicaSet(3), 3);

    reconciler.reconcile(KEY);

    PodDisruptionBudgetStatus s = status();
    assertThat(s.getCurrentHealthy()).isEqualTo(3);
    assertThat(s.getDesiredHealthy()).isEqualTo(2);
    assertThat(s.getExpectedPods()).isEqualTo(3);
    assertThat(s.getDisruptionsAllowed()).isEqualTo(1);
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
    assertThat(s.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("SufficientPods");
    });
  }

  @Test
  void maxUnavailableUsesTheDeploymentsReplicas() throws Exception {
    budget(null, new IntOrString("25%"));
    // Four wanted, three there: one is missing, so none may go.
    readyPods(deploymentReplicaSet(4), 3);

    reconciler.reconcile(KEY);

    assertThat(status().getExpectedPods()).isEqualTo(4);
    assertThat(status().getDesiredHealthy()).isEqualTo(3);
    assertThat(status().getDisruptionsAllowed()).isZero();
    assertThat(status().getConditions().getFirst().getReason()).isEqualTo("InsufficientPods");
  }

  @Test
  void podsRecentlyEvictedCountAsGoneForTwoMinutes() throws Exception {
    budget(new IntOrString(2), null);
    readyPods(deploymentReplicaSet(3), 3);
    PodDisruptionBudget pdb = budgets.stored(NS, "web");
    budgets.add(new PodDisruptionBudgetBuilder(pdb).withNewStatus().withDisruptedPods(Map.of("p0", clock.now().toString()))
        .withObservedGeneration(1L).endStatus().build());

    Result r = reconciler.reconcile(KEY);

    assertThat(status().getCurrentHealthy()).isEqualTo(2);
    assertThat(status().getDisruptionsAllowed()).isZero();
    assertThat(r).isInstanceOf(Result.RequeueAfter.class);
    clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    reconciler.reconcile(KEY);
    assertThat(status().getCurrentHealthy()).isEqualTo(3);
    assertThat(status().getDisruptedPods()).isNullOrEmpty();
    assertThat(recorder.withReason("NotDeleted")).hasSize(1);
  }

  @Test
  void aPodWithoutAKnownControllerFailsSafe() {
    budget(null, new IntOrString(1));
    pods.add(running(pod("lonely", LABELS).editMetadata().withOwnerReferences(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("example.com/v1").withKind("Thing").withName("t").withUid("t-uid").withController(true).build()).endMetadata()
        .build(), "n1", clock.now()));

    assertThatThrownBy(() -> reconciler.reconcile(KEY)).hasMessageContaining("found no controllers for pod \"lonely\"");

    assertThat(status().getDisruptionsAllowed()).isZero();
    assertThat(status().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("SyncFailed");
      assertThat(c.getMessage()).contains("found no controllers");
    });
    assertThat(recorder.withReason("CalculateExpectedPodCountFailed")).hasSize(1);
  }

  @Test
  void unmanagedPodsAreReported() throws Exception {
    budget(new IntOrString("50%"), null);
    pods.add(running(pod("bare", LABELS).build(), "n1", clock.now()));

    reconciler.reconcile(KEY);

    assertThat(recorder.withReason("UnmanagedPods")).hasSize(1);
    assertThat(status().getExpectedPods()).isZero();
    assertThat(status().getDisruptionsAllowed()).isZero();
  }

  @Test
  void noPodsIsAnEvent() throws Exception {
    budget(new IntOrString(1), null);

    reconciler.reconcile(KEY);

    assertThat(recorder.withReason("NoPods")).hasSize(1);
    assertThat(status().getDisruptionsAllowed()).isZero();
  }
}
