package dev.ketch.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.time.FakeClock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CronJob reconcile logic on a fake clock against the in-memory fake API. */
class CronJobSyncTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private final FakeClock clock = new FakeClock(START);
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final CronJobSync sync = new CronJobSync(cluster, events, clock);
  private final FakeObjects<CronJob> cronJobs = cluster.objects(CronJob.class);
  private final FakeObjects<Job> jobs = cluster.objects(Job.class);
  private static final ObjectKey KEY = new ObjectKey("ns", "tick");

  private static CronJobBuilder cronJob(String schedule) {
    return new CronJobBuilder()
        .withNewMetadata().withName("tick").withNamespace("ns").endMetadata()
        .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Allow").withSuspend(false)
        .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
        .withNewJobTemplate().withNewMetadata().addToLabels("app", "tick").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
        .endJobTemplate().endSpec();
  }

  private CronJob stored() {
    return cronJobs.get("ns", "tick");
  }

  private List<String> jobNames() {
    return jobs.list("ns").stream().map(j -> j.getMetadata().getName()).sorted().toList();
  }

  private void complete(String name, String type, Instant at) {
    Job j = jobs.get("ns", name);
    j = new JobBuilder(j).withNewStatus().withStartTime(Timestamps.format(at)).withCompletionTime("Complete".equals(type) ? Timestamps.format(at) : null)
        .addNewCondition().withType(type).withStatus("True").endCondition().endStatus().build();
    jobs.put(j);
  }

  @Test
  void firesAtTheScheduledTimeAndLooksAgainJustAfterTheNext() {
    cronJobs.add(cronJob("*/5 * * * *").build());

    Result first = sync.sync(KEY);
    assertThat(jobNames()).isEmpty();
    assertThat(first).isEqualTo(Result.requeueAfter(Duration.ofMinutes(5).plusMillis(100)));

    clock.advance(Duration.ofMinutes(5).plusMillis(100));
    Result second = sync.sync(KEY);

    String name = "tick-" + (START.getEpochSecond() / 60 + 5);
    assertThat(jobNames()).containsExactly(name);
    Job job = jobs.get("ns", name);
    assertThat(job.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T00:05:00Z");
    assertThat(job.getMetadata().getLabels()).containsEntry("app", "tick");
    assertThat(ControllerRefs.controllerOf(job).getKind()).isEqualTo("CronJob");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox");
    CronJob cj = stored();
    assertThat(cj.getStatus().getActive()).singleElement().satisfies(r -> assertThat(r.getName()).isEqualTo(name));
    assertThat(cj.getStatus().getLastScheduleTime()).isEqualTo("2025-01-01T00:05:00Z");
    assertThat(events.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("SuccessfulCreate");
      assertThat(e.message()).isEqualTo("Created job " + name);
    });
    assertThat(second).isEqualTo(Result.requeueAfter(Duration.ofMinutes(5)));

    sync.sync(KEY);
    assertThat(jobNames()).as("a scheduled time runs once").hasSize(1);
  }

  @Test
  void aFinishedJobLeavesTheActiveListAndSetsTheLastSuccessfulTime() {
    cronJobs.add(cronJob("* * * * *").build());
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    complete(jobNames().getFirst(), "Complete", clock.now());

    sync.sync(KEY);
    CronJob cj = stored();
    assertThat(cj.getStatus().getActive()).isEmpty();
    assertThat(cj.getStatus().getLastSuccessfulTime()).isEqualTo(Timestamps.format(clock.now()));
    assertThat(events.reasons()).contains("SawCompletedJob");
  }

  @Test
  void forbidSkipsARunWhileOneIsActive() {
    cronJobs.add(cronJob("* * * * *").editSpec().withConcurrencyPolicy("Forbid").endSpec().build());
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    assertThat(jobNames()).hasSize(1);
    assertThat(events.reasons()).contains("JobAlreadyActive");
  }

  @Test
  void replaceDeletesTheActiveRunAndStartsANewOne() {
    cronJobs.add(cronJob("* * * * *").editSpec().withConcurrencyPolicy("Replace").endSpec().build());
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    String first = jobNames().getFirst();
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    assertThat(jobNames()).doesNotContain(first).hasSize(1);
    assertThat(jobs.actions("delete")).singleElement().satisfies(a -> assertThat(a.deletion().propagation()).isEqualTo("Background"));
    assertThat(events.reasons()).contains("SuccessfulDelete");
    assertThat(stored().getStatus().getActive()).singleElement().satisfies(r -> assertThat(r.getName()).isEqualTo(jobNames().getFirst()));
  }

  @Test
  void allowRunsConcurrently() {
    cronJobs.add(cronJob("* * * * *").build());
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    assertThat(jobNames()).hasSize(2);
    assertThat(stored().getStatus().getActive()).hasSize(2);
  }

  @Test
  void onlyTheMostRecentMissedScheduleRuns() {
    cronJobs.add(cronJob("0 * * * *").build());
    clock.advance(Duration.ofHours(5).plusMinutes(10));
    sync.sync(KEY);
    assertThat(jobNames()).containsExactly("tick-" + Instant.parse("2025-01-01T05:00:00Z").getEpochSecond() / 60);
    assertThat(events.reasons()).doesNotContain("TooManyMissedTimes");
  }

  @Test
  void moreThanAHundredMissedSchedulesAreReported() {
    cronJobs.add(cronJob("* * * * *").build());
    clock.advance(Duration.ofHours(3));
    sync.sync(KEY);
    assertThat(events.reasons()).contains("TooManyMissedTimes", "SuccessfulCreate");
    assertThat(jobNames()).hasSize(1);
  }

  @Test
  void aRunPastItsStartingDeadlineIsMissed() {
    cronJobs.add(cronJob("0 * * * *").editSpec().withStartingDeadlineSeconds(60L).endSpec().build());
    clock.advance(Duration.ofMinutes(62));
    Result r = sync.sync(KEY);
    assertThat(jobNames()).isEmpty();
    assertThat(r).isInstanceOf(Result.RequeueAfter.class);
    // Within the deadline of the next run it starts.
    clock.advance(Duration.ofMinutes(58).plusSeconds(30));
    sync.sync(KEY);
    assertThat(jobNames()).hasSize(1);
  }

  @Test
  void theStartingDeadlineBoundsHowFarBackMissedRunsAreSought() {
    cronJobs.add(cronJob("0 * * * *").editSpec().withStartingDeadlineSeconds(120L).endSpec().build());
    clock.advance(Duration.ofMinutes(90));
    sync.sync(KEY);
    assertThat(jobNames()).isEmpty();
    assertThat(events.reasons()).doesNotContain("MissSchedule");
  }

  @Test
  void suspendedCronJobsDoNotRun() {
    cronJobs.add(cronJob("* * * * *").editSpec().withSuspend(true).endSpec().build());
    clock.advance(Duration.ofMinutes(3));
    assertThat(sync.sync(KEY)).isEqualTo(Result.done());
    assertThat(jobNames()).isEmpty();
  }

  @Test
  void finishedJobsBeyondTheHistoryLimitsAreDeletedOldestFirst() {
    CronJob cj = cronJobs.add(cronJob("0 0 1 1 *").editSpec().withSuccessfulJobsHistoryLimit(2).withFailedJobsHistoryLimit(1)
        .endSpec().build());
    for (int i = 0; i < 4; i++) {
      jobs.add(new JobBuilder().withNewMetadata().withName("ok-" + i).withNamespace("ns")
          .withOwnerReferences(ControllerRefs.newControllerRef(cj, "batch/v1", "CronJob")).endMetadata().build());
      complete("ok-" + i, "Complete", START.plusSeconds(i));
    }
    for (int i = 0; i < 2; i++) {
      jobs.add(new JobBuilder().withNewMetadata().withName("bad-" + i).withNamespace("ns")
          .withOwnerReferences(ControllerRefs.newControllerRef(cj, "batch/v1", "CronJob")).endMetadata().build());
      complete("bad-" + i, "Failed", START.plusSeconds(i));
    }
    sync.sync(KEY);
    assertThat(jobNames()).containsExactly("bad-1", "ok-2", "ok-3");
  }

  @Test
  void aTimeZoneSetsTheWallClockOfTheSchedule() {
    cronJobs.add(cronJob("0 10 * * *").editSpec().withTimeZone("Asia/Tokyo").endSpec().build());
    clock.advance(Duration.ofHours(1));
    sync.sync(KEY);
    assertThat(jobNames()).hasSize(1);
    assertThat(jobs.list("ns").getFirst().getMetadata().getAnnotations())
        .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T10:00:00+09:00");
  }

  @Test
  void anUnparseableScheduleWarnsAndWaitsForAChange() {
    cronJobs.add(cronJob("61 * * * *").build());
    clock.advance(Duration.ofHours(1));
    assertThat(sync.sync(KEY)).isEqualTo(Result.done());
    assertThat(events.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("UnparseableSchedule");
      assertThat(e.message()).contains("end of range (61) above maximum (59)");
    });
  }

  @Test
  void anUnknownTimeZoneWarns() {
    cronJobs.add(cronJob("* * * * *").editSpec().withTimeZone("Mars/Olympus").endSpec().build());
    clock.advance(Duration.ofHours(1));
    assertThat(sync.sync(KEY)).isEqualTo(Result.done());
    assertThat(events.reasons()).containsExactly("UnknownTimeZone");
  }

  @Test
  void aJobMadeByHandFromTheCronJobIsReportedButNotCountedAsActive() {
    CronJob cj = cronJobs.add(cronJob("0 0 1 1 *").editSpec().withConcurrencyPolicy("Forbid").endSpec().build());
    jobs.add(new JobBuilder().withNewMetadata().withName("tick-manual-abc").withNamespace("ns")
        .addToAnnotations("cronjob.kubernetes.io/instantiate", "manual")
        .withOwnerReferences(ControllerRefs.newControllerRef(cj, "batch/v1", "CronJob")).endMetadata().build());
    sync.sync(KEY);
    assertThat(events.reasons()).containsExactly("UnexpectedJob");
    CronJob after = stored();
    assertThat(after.getStatus() == null ? null : after.getStatus().getActive()).isNullOrEmpty();
  }

  @Test
  void anActiveJobThatVanishedIsForgotten() {
    cronJobs.add(cronJob("* * * * *").build());
    clock.advance(Duration.ofMinutes(1));
    sync.sync(KEY);
    jobs.remove("ns", jobNames().getFirst());
    sync.sync(KEY);
    assertThat(stored().getStatus().getActive()).isEmpty();
    assertThat(events.reasons()).contains("MissingJob");
  }
}
