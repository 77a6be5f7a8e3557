package dev.ketch.controllers.job;

import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Job conditions: the types, and upstream's ensureJobConditionStatus. */
final class JobConditions {

  static final String COMPLETE = "Complete";
  static final String FAILED = "Failed";
  static final String SUSPENDED = "Suspended";
  static final String FAILURE_TARGET = "FailureTarget";
  static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
  /** Ketch's addition, as on ReplicaSets: pods cannot be created, and why. */
  static final String REPLICA_FAILURE = "ReplicaFailure";

  private JobConditions() {}

  static JobCondition of(String type, String status, String reason, String message, Instant now) {
    String t = Timestamps.format(now);
    return new JobCondition(t, t, message, reason, status, type);
  }

  static JobCondition find(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  static boolean isTrue(Job job, String type) {
    JobCondition c = find(job, type);
    return c != null && "True".equals(c.getStatus());
  }

  /** Complete or Failed is True (IsJobFinished). */
  static boolean finished(Job job) {
    return isTrue(job, COMPLETE) || isTrue(job, FAILED);
  }

  /**
   * Removes the condition of {@code type}.
   *
   * @return whether there was one
   */
  static boolean remove(Job job, String type) {
    if (job.getStatus().getConditions() == null) {
      return false;
    }
    List<JobCondition> list = new ArrayList<>(job.getStatus().getConditions());
    boolean removed = list.removeIf(c -> type.equals(c.getType()));
    job.getStatus().setConditions(list);
    return removed;
  }

  /**
   * Sets the condition of {@code type} to the given status, reason and message (a new
   * lastTransitionTime if any of them changed); a missing condition is added unless it would be
   * False.
   *
   * @return whether the conditions changed
   */
  static boolean ensure(Job job, String type, String status, String reason, String message, Instant now) {
    List<JobCondition> list = job.getStatus().getConditions() == null ? new ArrayList<>() : new ArrayList<>(job.getStatus().getConditions());
    for (int i = 0; i < list.size(); i++) {
      JobCondition c = list.get(i);
      if (type.equals(c.getType())) {
        if (Objects.equals(c.getStatus(), status) && Objects.equals(c.getReason(), reason) && Objects.equals(c.getMessage(), message)) {
          return false;
        }
        list.set(i, of(type, status, reason, message, now));
        job.getStatus().setConditions(list);
        return true;
      }
    }
    if ("False".equals(status)) {
      return false;
    }
    list.add(of(type, status, reason, message, now));
    job.getStatus().setConditions(list);
    return true;
  }
}
