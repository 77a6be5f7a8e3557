package dev.ketch.controllers.replicaset;

import static dev.ketch.controllers.fake.TestObjects.NS;
import static dev.ketch.controllers.fake.TestObjects.controllerRef;
import static dev.ketch.controllers.fake.TestObjects.pod;
import static dev.ketch.controllers.fake.TestObjects.replicaSet;
import static dev.ketch.controllers.fake.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeRecorder;
import dev.ketch.controllers.fake.FakeResource;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ReplicaSet controller's sync on an in-memory API and a fake clock, as upstream's replica_set_test. */
class ReplicaSetReconcilerTest {

  private static final Map<String, String> LABELS = Map.of("app", "web");

  private final FakeClock clock = new FakeClock();
  private final FakeApi api = new FakeApi(clock);
  private final FakeResource<Pod> pods = api.of(Pod.class);
  private final FakeResource<ReplicaSet> sets = api.of(ReplicaSet.class);
  private final Expectations<ObjectKey> expectations = new Expectations<>(clock);
  private final FakeRecorder recorder = new FakeRecorder();

  private ReplicaSetReconciler reconciler(int burst) {
    return new ReplicaSetReconciler(ReplicatedKind.REPLICA_SET, sets.cache(), sets, pods.cache(), pods, expectations, recorder, clock,
        Runnable::run, burst);
  }

  private final ReplicaSetReconciler reconciler = reconciler(500);

  private static final ObjectKey KEY = new ObjectKey(NS, "web");

  private Pod ownedPod(ReplicaSet rs, String name) {
    return pod(name, LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).endMetadata().build();
  }

  @Test
  void createsTheMissingPodsFromTheTemplateWithAControllerReference() throws Exception {
    ReplicaSet rs = sets.add(replicaSet("web", 3, LABELS));

    reconciler.reconcile(KEY);

    List<Pod> created = pods.stored(NS);
    assertThat(created).hasSize(3);
    for (Pod p : created) {
      assertThat(p.getMetadata().getName()).startsWith("web-");
      assertThat(p.getMetadata().getLabels()).isEqualTo(LABELS);
      var ref = ControllerRefs.controllerOf(p);
      assertThat(ref.getUid()).isEqualTo(rs.getMetadata().getUid());
      assertThat(ref.getKind()).isEqualTo("ReplicaSet");
      assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
      assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }
    assertThat(recorder.withReason("SuccessfulCreate")).hasSize(3)
        .allSatisfy(e -> assertThat(e.message()).startsWith("Created pod: web-"));
    assertThat(expectations.satisfied(KEY)).isFalse();
  }

  @Test
  void aStaleCacheNeverMakesItCreateTwice() throws Exception {
    sets.add(replicaSet("web", 3, LABELS));
    api.freezeCaches();

    reconciler.reconcile(KEY);
    reconciler.reconcile(KEY);

    assertThat(api.actions("create", "Pod")).hasSize(3);
    // The informer delivers the three pods: now it may act again, and has nothing to do.
    for (Pod p : pods.stored(NS)) {
      expectations.creationObserved(KEY);
    }
    api.syncCaches();
    reconciler.reconcile(KEY);
    assertThat(api.actions("create", "Pod")).hasSize(3);
    assertThat(sets.stored(NS, "web").getStatus().getReplicas()).isEqualTo(3);
  }

  @Test
  void expiredExpectationsLetItActAgain() throws Exception {
    sets.add(replicaSet("web", 2, LABELS));
    api.freezeCaches();
    reconciler.reconcile(KEY);
    clock.advance(Expectations.TIMEOUT.plusSeconds(1));

    reconciler.reconcile(KEY);

    // The cache never showed the pods: after five minutes the controller trusts it again.
    assertThat(api.actions("create", "Pod")).hasSize(4);
  }

  @Test
  void deletesUnscheduledThenNotReadyThenNewestPodsFirst() throws Exception {
    ReplicaSet rs = sets.add(replicaSet("web", 2, LABELS));
    Instant t0 = clock.now();
    pods.add(running(ownedPod(rs, "old-ready"), "n1", t0.minusSeconds(3600)));
    clock.advance(Duration.ofMinutes(30));
    pods.add(running(ownedPod(rs, "new-ready"), "n2", clock.now()));
    pods.add(running(ownedPod(rs, "not-ready"), "n3", null));
    pods.add(ownedPod(rs, "unscheduled"));
    clock.advance(Duration.ofMinutes(10));

    reconciler.reconcile(KEY);

    assertThat(api.actions("delete", "Pod")).extracting(FakeApi.Action::name).containsExactlyInAnyOrder("unscheduled", "not-ready");
    assertThat(recorder.withReason("SuccessfulDelete")).extracting(FakeRecorder.Recorded::message)
        .containsExactlyInAnyOrder("Deleted pod: unscheduled", "Deleted pod: not-ready");
    assertThat(expectations.satisfied(KEY)).isFalse();
    expectations.deletionObserved(KEY, NS + "/unscheduled");
    expectations.deletionObserved(KEY, NS + "/unscheduled");
    assertThat(expectations.satisfied(KEY)).isFalse();
    expectations.deletionObserved(KEY, NS + "/not-ready");
    assertThat(expectations.satisfied(KEY)).isTrue();
  }

  @Test
  void adoptsMatchingOrphansAndReleasesPodsItNoLongerSelects() throws Exception {
    ReplicaSet rs = sets.add(replicaSet("web", 2, LABELS));
    pods.add(pod("orphan", LABELS).build());
    pods.add(pod("relabelled", Map.of("app", "other")).editMetadata().withOwnerReferences(controllerRef(rs)).endMetadata().build());
    pods.add(pod("someone-elses", LABELS).editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
        .withKind("ReplicaSet").withName("other").withUid("other-uid").withController(true).build()).endMetadata().build());

    reconciler.reconcile(KEY);

    assertThat(ControllerRefs.controllerOf(pods.stored(NS, "orphan")).getUid()).isEqualTo(rs.getMetadata().getUid());
    assertThat(pods.stored(NS, "relabelled").getMetadata().getOwnerReferences()).isEmpty();
    assertThat(ControllerRefs.controllerOf(pods.stored(NS, "someone-elses")).getUid()).isEqualTo("other-uid");
    // One adopted pod counts; one more is created.
    assertThat(api.actions("create", "Pod")).hasSize(1);
  }

  @Test
  void doesNotAdoptForAReplicaSetThatWasReplacedMeanwhile() {
    ReplicaSet cached = sets.add(replicaSet("web", 1, LABELS));
    pods.add(pod("orphan", LABELS).build());
    // The server now has another object of that name; the cache still shows the old one.
    api.freezeCaches();
    sets.delete(NS, "web", null);
    sets.create(replicaSet("web", 1, LABELS));

    assertThatThrownBy(() -> reconciler.reconcile(KEY)).hasMessageContaining("original default/web is gone")
        .hasMessageContaining(cached.getMetadata().getUid());
    assertThat(pods.stored(NS, "orphan").getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void statusCountsReadyAndAvailablePodsAndComesBackAfterMinReadySeconds() throws Exception {
    ReplicaSet rs = sets.add(new ReplicaSetBuilder(replicaSet("web", 4, LABELS)).editSpec().withMinReadySeconds(10).endSpec()
        .editMetadata().withGeneration(4L).endMetadata().build());
    Instant now = clock.now();
    pods.add(running(ownedPod(rs, "a"), "n1", now.minusSeconds(60)));
    pods.add(running(ownedPod(rs, "b"), "n1", now.minusSeconds(5)));
    pods.add(running(ownedPod(rs, "c"), "n1", now.minusSeconds(1)));
    pods.add(pod("d", Map.of("app", "web", "extra", "x")).editMetadata().withOwnerReferences(controllerRef(rs)).endMetadata().build());

    Result r = reconciler.reconcile(KEY);

    ReplicaSetStatus st = sets.stored(NS, "web").getStatus();
    assertThat(st.getReplicas()).isEqualTo(4);
    assertThat(st.getFullyLabeledReplicas()).isEqualTo(4);
    assertThat(st.getReadyReplicas()).isEqualTo(3);
    assertThat(st.getAvailableReplicas()).isEqualTo(1);
    assertThat(st.getObservedGeneration()).isEqualTo(4L);
    assertThat(r).isEqualTo(Result.done());

    // With every pod ready but not yet available, it looks again after minReadySeconds.
    pods.add(running(pods.stored(NS, "d"), "n1", now));
    r = reconciler.reconcile(KEY);
    assertThat(r).isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
    clock.advance(Duration.ofSeconds(11));
    reconciler.reconcile(KEY);
    assertThat(sets.stored(NS, "web").getStatus().getAvailableReplicas()).isEqualTo(4);
  }

  @Test
  void fullyLabeledCountsPodsWithEveryTemplateLabel() throws Exception {
    ReplicaSet rs = sets.add(new ReplicaSetBuilder(replicaSet("web", 2, LABELS)).editSpec().editTemplate().editMetadata()
        .addToLabels("tier", "front").endMetadata().endTemplate().endSpec().build());
    pods.add(pod("full", Map.of("app", "web", "tier", "front")).editMetadata().withOwnerReferences(controllerRef(rs)).endMetadata().build());
    pods.add(pod("partial", LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).endMetadata().build());

    reconciler.reconcile(KEY);

    assertThat(sets.stored(NS, "web").getStatus().getFullyLabeledReplicas()).isEqualTo(1);
    assertThat(sets.stored(NS, "web").getStatus().getReplicas()).isEqualTo(2);
  }

  @Test
  void anUnchangedStatusIsNotWritten() throws Exception {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    pods.add(running(ownedPod(rs, "a"), "n1", clock.now()));
    reconciler.reconcile(KEY);
    api.clearActions();

    reconciler.reconcile(KEY);

    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aRefusedCreationIsAWarningAConditionAndARetryWithoutFlooding() {
    sets.add(replicaSet("web", 5, LABELS));
    api.failWhen("create", "Pod", a -> FakeApi.error(403, "Forbidden",
        "pods \"web-x\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=10, limited: pods=10"));

    assertThatThrownBy(() -> reconciler.reconcile(KEY)).isInstanceOf(ReplicaManager.ManageException.class)
        .hasMessageContaining("exceeded quota");

    // The slow start stops after the first failure: one request, not five.
    assertThat(api.actions("create", "Pod")).hasSize(1);
    assertThat(recorder.withReason("FailedCreate")).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("Warning");
      assertThat(e.message()).startsWith("Error creating: pods \"web-x\" is forbidden: exceeded quota");
    });
    var condition = sets.stored(NS, "web").getStatus().getConditions().getFirst();
    assertThat(condition.getType()).isEqualTo("ReplicaFailure");
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("FailedCreate");
    assertThat(condition.getMessage()).contains("exceeded quota");
    // Nothing is awaited for requests that failed or were never made.
    assertThat(expectations.satisfied(KEY)).isTrue();

    api.clearReactors();
    assertThat(catching(() -> reconciler.reconcile(KEY))).isNull();
    assertThat(pods.stored(NS)).hasSize(5);
    assertThat(sets.stored(NS, "web").getStatus().getConditions()).isNullOrEmpty();
  }

  @Test
  void slowStartBatchesDoubleUntilOneFails() {
    sets.add(replicaSet("web", 20, LABELS));
    AtomicInteger calls = new AtomicInteger();
    api.react((a, o) -> a.verb().equals("create") && calls.incrementAndGet() == 5
        ? java.util.Optional.of(FakeApi.error(422, "Invalid", "bad template")) : java.util.Optional.empty());

    assertThatThrownBy(() -> reconciler.reconcile(KEY)).hasMessageContaining("bad template");

    // Batches of 1, 2 and 4: the third batch has the failure, so seven requests and no fourth batch.
    assertThat(api.actions("create", "Pod")).hasSize(7);
    assertThat(pods.stored(NS)).hasSize(6);
    assertThat(expectations.describe(KEY)).isEqualTo("adds=6 deletes=0");
  }

  @Test
  void atMostBurstReplicasPerPass() throws Exception {
    sets.add(replicaSet("web", 10, LABELS));

    reconciler(4).reconcile(KEY);

    assertThat(api.actions("create", "Pod")).hasSize(4);
  }

  @Test
  void aTerminatingNamespaceIsNotAFailure() throws Exception {
    sets.add(replicaSet("web", 2, LABELS));
    api.failWhen("create", "Pod", a -> FakeApi.namespaceTerminating(NS));

    reconciler.reconcile(KEY);

    assertThat(recorder.withReason("FailedCreate")).isEmpty();
  }

  @Test
  void aReplicaSetBeingDeletedOnlyGetsItsStatus() throws Exception {
    sets.add(new ReplicaSetBuilder(replicaSet("web", 3, LABELS)).editMetadata().withDeletionTimestamp(clock.now().toString())
        .endMetadata().build());

    reconciler.reconcile(KEY);

    assertThat(api.actions("create", "Pod")).isEmpty();
    assertThat(sets.stored(NS, "web").getStatus().getReplicas()).isZero();
  }

  @Test
  void aDeletedReplicaSetIsForgotten() throws Exception {
    expectations.expectCreations(KEY, 3);

    assertThat(reconciler.reconcile(KEY)).isEqualTo(Result.done());

    assertThat(expectations.satisfied(KEY)).isTrue();
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void replicationControllersAreServedByTheSameCode() throws Exception {
    FakeResource<ReplicationController> rcs = api.of(ReplicationController.class);
    ReplicationController rc = rcs.add(new ReplicationControllerBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withSelector(LABELS).withTemplate(replicaSet("x", 1, LABELS).getSpec().getTemplate()).endSpec()
        .build());
    var reconciler = new ReplicaSetReconciler(ReplicatedKind.REPLICATION_CONTROLLER, ReplicationControllers.asReplicaSets(rcs.cache()),
        ReplicationControllers.asReplicaSets(rcs), pods.cache(), pods, expectations, recorder, clock, Runnable::run, 500);

    reconciler.reconcile(KEY);
    expectations.delete(KEY);
    reconciler.reconcile(KEY);

    assertThat(pods.stored(NS)).hasSize(2).allSatisfy(p -> {
      var ref = ControllerRefs.controllerOf(p);
      assertThat(ref.getKind()).isEqualTo("ReplicationController");
      assertThat(ref.getApiVersion()).isEqualTo("v1");
      assertThat(ref.getUid()).isEqualTo(rc.getMetadata().getUid());
    });
    assertThat(rcs.stored(NS, "web").getStatus().getReplicas()).isEqualTo(2);
    assertThat(recorder.events()).allSatisfy(e -> assertThat(e.kind()).isEqualTo("ReplicationController"));
  }

  private static Throwable catching(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    try {
      c.call();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  @Test
  void podsBeingDeletedDoNotCount() throws Exception {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    pods.add(new PodBuilder(running(ownedPod(rs, "going"), "n1", clock.now())).editMetadata()
        .withDeletionTimestamp(clock.now().toString()).endMetadata().build());

    reconciler.reconcile(KEY);

    assertThat(api.actions("create", "Pod")).hasSize(1);
  }
}
