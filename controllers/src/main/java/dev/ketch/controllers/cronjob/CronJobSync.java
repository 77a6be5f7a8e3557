package dev.ketch.controllers.cronjob;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.client.ApiErrors;
import dev.ketch.controllers.events.EventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.Cluster;
import dev.ketch.controllers.objects.Deletion;
import dev.ketch.controllers.objects.ResourceClient;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.controllers.pods.PodControl;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles one CronJob (upstream's cronjob_controllerv2 sync): forgets finished and vanished jobs
 * from {@code status.active}, deletes finished jobs beyond the history limits, and, unless
 * suspended, runs the most recent missed schedule (skipping it past startingDeadlineSeconds)
 * under the concurrency policy, as a Job named {@code <cronjob>-<minutes since the epoch>} so that
 * a time is never run twice. Returns when to look again: just after the next scheduled time.
 */
final class CronJobSync {

  static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
  /** Go's time.RFC3339: seconds always, Z for a zero offset. */
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private final ObjectCache<CronJob> cronJobs;
  private final ObjectCache<Job> jobs;
  private final ResourceClient<CronJob> cronJobClient;
  private final ResourceClient<Job> jobClient;
  private final EventRecorder recorder;
  private final Clock clock;

  CronJobSync(Cluster cluster, EventRecorder recorder, Clock clock) {
    this.cronJobs = cluster.lister(CronJob.class);
    this.jobs = cluster.lister(Job.class);
    this.cronJobClient = cluster.client(CronJob.class);
    this.jobClient = cluster.client(Job.class);
    this.recorder = recorder;
    this.clock = clock;
  }

  /** What the sync of one CronJob decided. */
  private static final class Pass {
    final CronJob cj;
    boolean updateStatus;
    Duration requeue;

    Pass(CronJob cj) {
      this.cj = cj;
    }
  }

  Result sync(ObjectKey key) {
    CronJob cached = cronJobs.get(key.namespace(), key.name());
    if (cached == null) {
      return Result.done();
    }
    CronJob cj = Pods.copy(cached);
    if (cj.getStatus() == null) {
      cj.setStatus(new CronJobStatus());
    }
    List<Job> children = jobs.list(cj.getMetadata().getNamespace()).stream()
        .filter(j -> ControllerRefs.isControlledBy(j, cj.getMetadata().getUid())).toList();
    Pass pass = new Pass(cj);
    pass.updateStatus = cleanupFinished(cj, children);
    RuntimeException failure = null;
    try {
      syncCronJob(pass, children);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (pass.updateStatus) {
      cronJobClient.updateStatus(cj);
    }
    if (pass.requeue != null) {
      return Result.requeueAfter(pass.requeue.isNegative() ? Duration.ZERO : pass.requeue);
    }
    if (failure != null) {
      throw failure;
    }
    return Result.done();
  }

  private void syncCronJob(Pass pass, List<Job> children) {
    CronJob cj = pass.cj;
    Instant now = clock.now();
    Set<String> childUids = new HashSet<>();
    for (Job j : children) {
      childUids.add(j.getMetadata().getUid());
      boolean active = inActive(cj, j.getMetadata().getUid());
      boolean finished = finished(j) != null;
      if (!active && !finished) {
        CronJob fresh = cronJobClient.get(cj.getMetadata().getNamespace(), cj.getMetadata().getName());
        if (fresh != null && fresh.getStatus() != null && inActive(fresh, j.getMetadata().getUid())) {
          cj.setStatus(fresh.getStatus());
          cj.getMetadata().setResourceVersion(fresh.getMetadata().getResourceVersion());
          continue;
        }
        recorder.event(cj, EventType.WARNING, "UnexpectedJob", "Saw a job that the controller did not create or forgot: "
            + j.getMetadata().getName());
      } else if (active && finished) {
        removeFromActive(cj, j.getMetadata().getUid());
        recorder.event(cj, EventType.NORMAL, "SawCompletedJob", "Saw completed job: " + j.getMetadata().getName()
            + ", condition: " + finished(j).getType());
        pass.updateStatus = true;
      }
      if (finished && "Complete".equals(finished(j).getType()) && j.getStatus().getCompletionTime() != null) {
        Instant completed = Timestamps.parse(j.getStatus().getCompletionTime());
        Instant last = Timestamps.parse(cj.getStatus().getLastSuccessfulTime());
        if (last == null || (completed != null && completed.isAfter(last))) {
          cj.getStatus().setLastSuccessfulTime(j.getStatus().getCompletionTime());
          pass.updateStatus = true;
        }
      }
    }
    for (ObjectReference ref : new ArrayList<>(active(cj))) {
      if (childUids.contains(ref.getUid())) {
        continue;
      }
      // Ask the API: the cache may be behind.
      if (jobClient.get(ref.getNamespace(), ref.getName()) == null) {
        recorder.event(cj, EventType.NORMAL, "MissingJob", "Active job went missing: " + ref.getName());
        removeFromActive(cj, ref.getUid());
        pass.updateStatus = true;
      }
    }
    if (cj.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    ZoneId zone;
    try {
      zone = CronSchedule.zone(cj.getSpec().getTimeZone());
    } catch (CronSchedule.InvalidSchedule e) {
      recorder.event(cj, EventType.WARNING, "UnknownTimeZone", "invalid timeZone: \"" + cj.getSpec().getTimeZone() + "\": " + e.getMessage());
      return;
    }
    if (Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
      return;
    }
    String spec = cj.getSpec().getSchedule();
    if (spec != null && (spec.contains("TZ=")) && cj.getSpec().getTimeZone() != null) {
      recorder.event(cj, EventType.WARNING, "UnsupportedSchedule", "CRON_TZ or TZ used in schedule \"" + spec
          + "\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details");
    }
    CronSchedule schedule;
    try {
      schedule = CronSchedule.parse(spec, zone);
    } catch (CronSchedule.InvalidSchedule e) {
      // A user error: nothing to do until the schedule changes.
      recorder.event(cj, EventType.WARNING, "UnparseableSchedule", "unparseable schedule: \"" + spec + "\" : " + e.getMessage());
      return;
    }
    ScheduleTimes.Due due = ScheduleTimes.mostRecent(cj, now, schedule, true);
    if (due.missed() == ScheduleTimes.Missed.MANY) {
      recorder.event(cj, EventType.WARNING, "TooManyMissedTimes",
          "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    Instant scheduled = due.mostRecent();
    if (scheduled == null || scheduled.isAfter(now)) {
      pass.requeue = ScheduleTimes.untilNext(cj, now, schedule);
      return;
    }
    Long deadline = cj.getSpec().getStartingDeadlineSeconds();
    if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
      recorder.event(cj, EventType.WARNING, "MissSchedule", "Missed scheduled time to start a job: "
          + DateTimeFormatter.RFC_1123_DATE_TIME.format(scheduled.atZone(java.time.ZoneOffset.UTC)));
      pass.requeue = ScheduleTimes.untilNext(cj, now, schedule);
      return;
    }
    String jobName = jobName(cj, scheduled);
    Instant lastScheduled = Timestamps.parse(cj.getStatus().getLastScheduleTime());
    if (active(cj).stream().anyMatch(r -> jobName.equals(r.getName())) || scheduled.equals(lastScheduled)) {
      pass.requeue = ScheduleTimes.untilNext(cj, now, schedule);
      return;
    }
    String policy = cj.getSpec().getConcurrencyPolicy() == null ? "Allow" : cj.getSpec().getConcurrencyPolicy();
    if (policy.equals("Forbid") && !active(cj).isEmpty()) {
      recorder.event(cj, EventType.NORMAL, "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid");
      pass.requeue = ScheduleTimes.untilNext(cj, now, schedule);
      return;
    }
    if (policy.equals("Replace")) {
      for (ObjectReference ref : new ArrayList<>(active(cj))) {
        Job running = jobClient.get(ref.getNamespace(), ref.getName());
        if (running != null && !deleteJob(cj, running)) {
          throw new IllegalStateException("could not replace job " + ref.getNamespace() + "/" + ref.getName());
        }
        if (running == null) {
          removeFromActive(cj, ref.getUid());
        }
        pass.updateStatus = true;
      }
    }
    Job created;
    try {
      created = jobClient.create(jobFor(cj, scheduled, jobName, zone));
      recorder.event(cj, EventType.NORMAL, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isConflict(e)) {
        recorder.event(cj, EventType.WARNING, "FailedCreate", "Error creating job: " + PodControl.message(e));
        throw e;
      }
      // Created before (the status update was lost): take it if it is ours.
      created = jobClient.get(cj.getMetadata().getNamespace(), jobName);
      if (created == null || !ControllerRefs.isControlledBy(created, cj.getMetadata().getUid())
          || inActive(cj, created.getMetadata().getUid())) {
        return;
      }
    }
    List<ObjectReference> active = new ArrayList<>(active(cj));
    active.add(new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
        .withNamespace(created.getMetadata().getNamespace()).withName(created.getMetadata().getName())
        .withUid(created.getMetadata().getUid()).withResourceVersion(created.getMetadata().getResourceVersion()).build());
    cj.getStatus().setActive(active);
    cj.getStatus().setLastScheduleTime(Timestamps.format(scheduled));
    pass.updateStatus = true;
    pass.requeue = ScheduleTimes.untilNext(cj, now, schedule);
  }

  /** {@code <cronjob>-<scheduled time in minutes since the epoch>}: one name per scheduled time. */
  static String jobName(CronJob cj, Instant scheduled) {
    return cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
  }

  /** The Job for one scheduled time (getJobFromTemplate2). */
  private static Job jobFor(CronJob cj, Instant scheduled, String name, ZoneId zone) {
    var template = cj.getSpec().getJobTemplate();
    Job job = new Job();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(cj.getMetadata().getNamespace());
    var from = template.getMetadata();
    meta.setLabels(from == null || from.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from.getLabels()));
    meta.setAnnotations(from == null || from.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from.getAnnotations()));
    meta.getAnnotations().put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduled.atZone(zone)));
    meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(cj, "batch/v1", "CronJob"))));
    job.setMetadata(meta);
    job.setSpec(Pods.copy(template.getSpec()));
    return job;
  }

  private static List<ObjectReference> active(CronJob cj) {
    return cj.getStatus().getActive() == null ? List.of() : cj.getStatus().getActive();
  }

  private static boolean inActive(CronJob cj, String uid) {
    return cj.getStatus() != null && cj.getStatus().getActive() != null
        && cj.getStatus().getActive().stream().anyMatch(r -> Objects.equals(r.getUid(), uid));
  }

  private static void removeFromActive(CronJob cj, String uid) {
    List<ObjectReference> list = new ArrayList<>(active(cj));
    list.removeIf(r -> Objects.equals(r.getUid(), uid));
    cj.getStatus().setActive(list);
  }

  /** The Job's Complete or Failed condition if it is True, else null. */
  private static JobCondition finished(Job j) {
    if (j.getStatus() == null || j.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition c : j.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
        return c;
      }
    }
    return null;
  }

  /** Deletes a Job in the background and forgets it as active. */
  private boolean deleteJob(CronJob cj, Job job) {
    try {
      jobClient.delete(job.getMetadata().getNamespace(), job.getMetadata().getName(),
          Deletion.ofUid(job.getMetadata().getUid()).withPropagation("Background"));
    } catch (KubernetesClientException e) {
      recorder.event(cj, EventType.WARNING, "FailedDelete", "Deleted job: " + PodControl.message(e));
      return false;
    }
    removeFromActive(cj, job.getMetadata().getUid());
    recorder.event(cj, EventType.NORMAL, "SuccessfulDelete", "Deleted job " + job.getMetadata().getName());
    return true;
  }

  /** Deletes the oldest finished jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  private boolean cleanupFinished(CronJob cj, List<Job> children) {
    Integer successfulLimit = cj.getSpec().getSuccessfulJobsHistoryLimit();
    Integer failedLimit = cj.getSpec().getFailedJobsHistoryLimit();
    if (successfulLimit == null && failedLimit == null) {
      return false;
    }
    List<Job> succeeded = new ArrayList<>();
    List<Job> failed = new ArrayList<>();
    for (Job j : children) {
      JobCondition c = finished(j);
      if (c != null) {
        (c.getType().equals("Complete") ? succeeded : failed).add(j);
      }
    }
    boolean changed = false;
    if (successfulLimit != null) {
      changed |= removeOldest(cj, succeeded, successfulLimit);
    }
    if (failedLimit != null) {
      changed |= removeOldest(cj, failed, failedLimit);
    }
    return changed;
  }

  private static final Comparator<Job> BY_START_TIME = Comparator
      .comparing((Job j) -> j.getStatus() == null ? null : Timestamps.parse(j.getStatus().getStartTime()),
          Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(j -> j.getMetadata().getName());

  private boolean removeOldest(CronJob cj, List<Job> finished, int keep) {
    int toDelete = finished.size() - keep;
    if (toDelete <= 0) {
      return false;
    }
    finished.sort(BY_START_TIME);
    boolean changed = false;
    for (int i = 0; i < toDelete; i++) {
      changed |= deleteJob(cj, finished.get(i));
    }
    return changed;
  }
}
