package dev.ketch.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.pods.PodStates;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Job reconcile logic against the in-memory fake API, with the test as kubelet. */
class JobSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final Expectations<ObjectKey> expectations = new Expectations<>(clock);
  private final FinalizerExpectations finalizerExpectations = new FinalizerExpectations();
  private final JobSync sync = new JobSync(cluster, events, clock, expectations, finalizerExpectations, JobControllerConfig.defaults());
  private final FakeObjects<Job> jobs = cluster.objects(Job.class);
  private final FakeObjects<Pod> pods = cluster.objects(Pod.class);
  private static final ObjectKey KEY = new ObjectKey("ns", "pi");

  /** A Job as the API server stores it: selector and labels generated from its uid, defaults applied. */
  private static JobBuilder job(int completions, int parallelism) {
    String uid = UUID.randomUUID().toString();
    return new JobBuilder()
        .withNewMetadata().withName("pi").withNamespace("ns").withUid(uid).endMetadata()
        .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(6)
        .withCompletionMode("NonIndexed").withSuspend(false).withPodReplacementPolicy("TerminatingOrFailed")
        .withNewSelector().addToMatchLabels("batch.kubernetes.io/controller-uid", uid).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("batch.kubernetes.io/controller-uid", uid)
        .addToLabels("batch.kubernetes.io/job-name", "pi").addToLabels("job-name", "pi").endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("perl").endContainer().endSpec()
        .endTemplate().endSpec();
  }

  private Result syncJob() {
    Result r = sync.sync(KEY);
    // The informer shows everything at once in the fake: expectations are met.
    expectations.forget(KEY);
    finalizerExpectations.forget(KEY);
    return r;
  }

  private Job stored() {
    return jobs.get("ns", "pi");
  }

  private List<Pod> activePods() {
    return pods.list("ns").stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
        && !p.getStatus().getPhase().matches("Succeeded|Failed")).toList();
  }

  private void finish(Pod p, int exitCode) {
    pods.put(PodStates.terminated(p, "node-1", exitCode, clock.now()));
  }

  private List<String> conditionTypes() {
    var c = stored().getStatus().getConditions();
    return c == null ? List.of() : c.stream().map(JobCondition::getType).toList();
  }

  private JobCondition condition(String type) {
    return stored().getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void createsPodsUpToTheParallelismWithTheTrackingFinalizer() {
    jobs.add(job(5, 2).build());

    syncJob();

    assertThat(pods.list("ns")).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("pi-");
      assertThat(p.getMetadata().getFinalizers()).containsExactly("batch.kubernetes.io/job-tracking");
      assertThat(p.getMetadata().getLabels()).containsEntry("job-name", "pi");
      assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
        assertThat(r.getKind()).isEqualTo("Job");
        assertThat(r.getController()).isTrue();
      });
    });
    Job j = stored();
    assertThat(j.getStatus().getActive()).isEqualTo(2);
    assertThat(j.getStatus().getReady()).isZero();
    assertThat(j.getStatus().getStartTime()).isNotNull();
    assertThat(events.reasons()).containsExactly("SuccessfulCreate", "SuccessfulCreate");
  }

  @Test
  void succeededPodsAreCountedThroughTheUncountedListAndTheJobCompletes() {
    jobs.add(job(2, 1).build());
    syncJob();
    finish(pods.list("ns").getFirst(), 0);

    syncJob();
    Job j = stored();
    assertThat(j.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(j.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
    assertThat(pods.list("ns")).filteredOn(p -> p.getStatus().getPhase().equals("Succeeded"))
        .allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isEmpty());
    assertThat(activePods()).hasSize(1);

    finish(activePods().getFirst(), 0);
    syncJob();

    j = stored();
    assertThat(j.getStatus().getSucceeded()).isEqualTo(2);
    assertThat(j.getStatus().getActive()).isZero();
    assertThat(conditionTypes()).containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(condition("Complete").getReason()).isEqualTo("CompletionsReached");
    assertThat(condition("Complete").getMessage()).isEqualTo("Reached expected number of succeeded pods");
    assertThat(j.getStatus().getCompletionTime()).isNotNull();
    assertThat(events.reasons()).endsWith("Completed");
  }

  @Test
  void aFailedPodIsReplacedAfterTheBackOffAndTheJobStillSucceeds() {
    jobs.add(job(1, 1).build());
    syncJob();
    finish(pods.list("ns").getFirst(), 1);

    Result waiting = syncJob();
    assertThat(stored().getStatus().getFailed()).isEqualTo(1);
    assertThat(activePods()).as("the replacement waits for the back-off").isEmpty();
    assertThat(waiting).isInstanceOf(Result.RequeueAfter.class);
    assertThat(((Result.RequeueAfter) waiting).delay()).isLessThanOrEqualTo(Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(10));
    syncJob();
    assertThat(activePods()).hasSize(1);
    finish(activePods().getFirst(), 0);
    syncJob();

    Job j = stored();
    assertThat(j.getStatus().getFailed()).isEqualTo(1);
    assertThat(j.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(conditionTypes()).contains("Complete");
  }

  @Test
  void passingTheBackoffLimitFailsTheJob() {
    jobs.add(job(1, 1).editSpec().withBackoffLimit(1).endSpec().build());
    for (int i = 0; i < 2; i++) {
      syncJob();
      finish(activePods().getFirst(), 2);
      syncJob();
      clock.advance(Duration.ofMinutes(1));
    }
    syncJob();

    Job j = stored();
    assertThat(j.getStatus().getFailed()).isEqualTo(2);
    assertThat(conditionTypes()).containsExactly("FailureTarget", "Failed");
    assertThat(condition("Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(condition("Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
    assertThat(events.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("BackoffLimitExceeded"));
    assertThat(activePods()).isEmpty();
  }

  @Test
  void containerRestartsCountUnderRestartPolicyOnFailure() {
    jobs.add(job(1, 1).editSpec().withBackoffLimit(2).editTemplate().editSpec().withRestartPolicy("OnFailure").endSpec()
        .endTemplate().endSpec().build());
    syncJob();
    Pod p = PodStates.runningAndReady(pods.list("ns").getFirst(), "node-1", clock.now());
    p.getStatus().getContainerStatuses().getFirst().setRestartCount(2);
    pods.put(p);

    syncJob();
    assertThat(condition("FailureTarget").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(pods.list("ns").getFirst().getMetadata().getDeletionTimestamp()).isNotNull();
    pods.remove("ns", pods.list("ns").getFirst().getMetadata().getName());
    syncJob();

    assertThat(condition("Failed").getReason()).isEqualTo("BackoffLimitExceeded");
  }

  @Test
  void theActiveDeadlineFailsTheJobAndDeletesItsPods() {
    jobs.add(job(1, 1).editSpec().withActiveDeadlineSeconds(30L).endSpec().build());
    Result r = syncJob();
    assertThat(r).isInstanceOf(Result.RequeueAfter.class);
    assertThat(((Result.RequeueAfter) r).delay()).isEqualTo(Duration.ofSeconds(30));
    pods.put(PodStates.runningAndReady(pods.list("ns").getFirst(), "node-1", clock.now()));

    clock.advance(Duration.ofSeconds(30));
    syncJob();
    assertThat(conditionTypes()).containsExactly("FailureTarget");
    Pod terminating = pods.list("ns").getFirst();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(stored().getStatus().getTerminating()).isEqualTo(1);

    assertThat(pods.list("ns").getFirst().getMetadata().getFinalizers()).as("counted as failed").isEmpty();
    pods.remove("ns", terminating.getMetadata().getName());
    syncJob();

    assertThat(conditionTypes()).containsExactly("FailureTarget", "Failed");
    assertThat(condition("Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(stored().getStatus().getFailed()).isEqualTo(1);
  }

  @Test
  void indexedPodsCarryTheirIndexAndCompletedIndexesAreIntervals() {
    jobs.add(job(3, 2).editSpec().withCompletionMode("Indexed").endSpec().build());
    syncJob();

    assertThat(pods.list("ns")).extracting(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))
        .containsExactlyInAnyOrder("0", "1");
    Pod zero = pods.list("ns").stream()
        .filter(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index").equals("0")).findFirst().orElseThrow();
    assertThat(zero.getMetadata().getGenerateName()).isEqualTo("pi-0-");
    assertThat(zero.getSpec().getHostname()).isEqualTo("pi-0");
    assertThat(zero.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-completion-index", "0");
    assertThat(zero.getSpec().getContainers().getFirst().getEnv()).singleElement().satisfies(e -> {
      assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    });

    finish(zero, 0);
    syncJob();
    assertThat(stored().getStatus().getCompletedIndexes()).isEqualTo("0");
    assertThat(activePods()).extracting(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))
        .containsExactlyInAnyOrder("1", "2");
    for (Pod p : activePods()) {
      finish(p, 0);
    }
    syncJob();
    Job j = stored();
    assertThat(j.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(j.getStatus().getSucceeded()).isEqualTo(3);
    assertThat(conditionTypes()).contains("Complete");
  }

  @Test
  void suspendingDeletesActivePodsAndResumingRestartsTheClock() {
    jobs.add(job(2, 2).build());
    syncJob();
    Job j = stored();
    j.getSpec().setSuspend(true);
    jobs.update(j);

    syncJob();
    assertThat(activePods()).isEmpty();
    assertThat(pods.list("ns")).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isEmpty());
    assertThat(condition("Suspended").getStatus()).isEqualTo("True");
    assertThat(condition("Suspended").getReason()).isEqualTo("JobSuspended");
    assertThat(events.reasons()).contains("Suspended");
    String started = stored().getStatus().getStartTime();

    clock.advance(Duration.ofMinutes(5));
    j = stored();
    j.getSpec().setSuspend(false);
    jobs.update(j);
    for (Pod p : pods.list("ns")) {
      pods.remove("ns", p.getMetadata().getName());
    }
    syncJob();
    assertThat(condition("Suspended").getStatus()).isEqualTo("False");
    assertThat(condition("Suspended").getReason()).isEqualTo("JobResumed");
    assertThat(stored().getStatus().getStartTime()).isNotEqualTo(started);
    assertThat(activePods()).hasSize(2);
    assertThat(stored().getStatus().getFailed()).as("suspension is not failure").isIn(null, 0);
  }

  @Test
  void aJobCreatedSuspendedStartsNothing() {
    jobs.add(job(1, 1).editSpec().withSuspend(true).endSpec().build());
    syncJob();
    assertThat(pods.list("ns")).isEmpty();
    assertThat(stored().getStatus().getStartTime()).isNull();
    assertThat(condition("Suspended").getStatus()).isEqualTo("True");
  }

  @Test
  void withoutCompletionsTheFirstSuccessEndsTheJobOnceTheOthersFinish() {
    jobs.add(job(1, 2).editSpec().withCompletions((Integer) null).endSpec().build());
    syncJob();
    List<Pod> two = activePods();
    finish(two.get(0), 0);
    syncJob();
    assertThat(activePods()).as("no new pods after a success").hasSize(1);
    assertThat(conditionTypes()).doesNotContain("Complete");
    finish(two.get(1), 0);
    syncJob();
    assertThat(conditionTypes()).contains("Complete");
  }

  @Test
  void aPodDeletedBeforeFinishingCountsAsFailedAndIsReplaced() {
    jobs.add(job(1, 1).editSpec().withBackoffLimit(3).endSpec().build());
    syncJob();
    Pod p = PodStates.runningAndReady(pods.list("ns").getFirst(), "node-1", clock.now());
    pods.put(p);
    pods.delete("ns", p.getMetadata().getName(), dev.ketch.controllers.objects.Deletion.plain());

    syncJob();
    assertThat(stored().getStatus().getFailed()).isEqualTo(1);
    assertThat(stored().getStatus().getTerminating()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    syncJob();
    assertThat(activePods()).as("TerminatingOrFailed replaces it at once").hasSize(1);
  }

  @Test
  void podReplacementPolicyFailedWaitsForTerminatingPods() {
    jobs.add(job(1, 1).editSpec().withPodReplacementPolicy("Failed").endSpec().build());
    syncJob();
    Pod p = PodStates.runningAndReady(pods.list("ns").getFirst(), "node-1", clock.now());
    pods.put(p);
    pods.delete("ns", p.getMetadata().getName(), dev.ketch.controllers.objects.Deletion.plain());
    syncJob();
    clock.advance(Duration.ofMinutes(1));
    syncJob();
    assertThat(activePods()).isEmpty();
    assertThat(stored().getStatus().getFailed()).isIn(null, 0);
  }

  @Test
  void podsThatCannotBeCreatedGiveAWarningAConditionAndAStopAfterTheFirstBatch() {
    jobs.add(job(4, 4).build());
    pods.fail("create", p -> true, 403, "pods \"pi-\" is forbidden: exceeded quota: compute, requested: pods=1");

    assertThatThrownBy(this::syncJob).isInstanceOf(KubernetesClientException.class);

    assertThat(pods.actions("create")).hasSize(1);
    assertThat(events.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("FailedCreate");
      assertThat(e.message()).startsWith("Error creating: pods \"pi-\" is forbidden");
    });
    assertThat(condition("ReplicaFailure").getReason()).isEqualTo("FailedCreate");
    assertThat(stored().getStatus().getActive()).isZero();

    pods.clearFailures();
    syncJob();
    assertThat(activePods()).hasSize(4);
    assertThat(conditionTypes()).doesNotContain("ReplicaFailure");
  }

  @Test
  void orphansMatchingTheSelectorAreAdoptedWithTheFinalizer() {
    Job j = jobs.add(job(1, 1).build());
    pods.add(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("stray").withNamespace("ns")
        .withLabels(j.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("perl").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build());
    syncJob();
    Pod stray = pods.get("ns", "stray");
    assertThat(stray.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getUid()).isEqualTo(j.getMetadata().getUid()));
    assertThat(stray.getMetadata().getFinalizers()).contains("batch.kubernetes.io/job-tracking");
    assertThat(activePods()).hasSize(1);
  }

  @Test
  void theFinalizerOfAnOrphanedPodIsRemoved() {
    Job j = jobs.add(job(1, 1).build());
    syncJob();
    Pod pod = pods.list("ns").getFirst();
    jobs.remove("ns", "pi");
    OrphanPodFinalizers orphans = new OrphanPodFinalizers(cluster);
    assertThat(orphans.isOrphan(pod)).isTrue();
    orphans.sync(ObjectKey.of(pod));
    assertThat(pods.get("ns", pod.getMetadata().getName()).getMetadata().getFinalizers()).isEmpty();
    assertThat(j).isNotNull();
  }

  @Test
  void aFinishedJobIsLeftAlone() {
    jobs.add(job(1, 1).build());
    syncJob();
    finish(pods.list("ns").getFirst(), 0);
    syncJob();
    pods.clearActions();
    syncJob();
    assertThat(pods.actions()).isEmpty();
  }
}
