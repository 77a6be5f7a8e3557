package dev.ketch.controllers.cronjob;

import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.Duration;
import java.time.Instant;

/**
 * When a CronJob should have run (upstream's mostRecentScheduleTime and nextScheduleTimeDuration):
 * of the times it was due since its last run (or creation), only the most recent is run, and
 * startingDeadlineSeconds bounds how far back to look.
 */
final class ScheduleTimes {

  /** Look again this long after the next scheduled time, so that it has surely come. */
  static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);

  enum Missed { NONE, ONE, MANY }

  /**
   * @param earliest where the search started
   * @param mostRecent the latest due time not after now, or null
   * @param missed how many due times were found
   */
  record Due(Instant earliest, Instant mostRecent, Missed missed) {}

  private ScheduleTimes() {}

  static Due mostRecent(CronJob cj, Instant now, CronSchedule schedule, boolean withStartingDeadline) {
    Instant earliest = Timestamps.parse(cj.getMetadata().getCreationTimestamp());
    if (cj.getStatus() != null && cj.getStatus().getLastScheduleTime() != null) {
      earliest = Timestamps.parse(cj.getStatus().getLastScheduleTime());
    }
    if (earliest == null) {
      earliest = now;
    }
    if (withStartingDeadline && cj.getSpec().getStartingDeadlineSeconds() != null) {
      Instant deadline = now.minusSeconds(cj.getSpec().getStartingDeadlineSeconds());
      if (deadline.isAfter(earliest)) {
        earliest = deadline;
      }
    }
    Instant t1 = schedule.next(earliest);
    if (t1 == null || now.isBefore(t1)) {
      return new Due(earliest, null, Missed.NONE);
    }
    Instant t2 = schedule.next(t1);
    if (t2 == null || now.isBefore(t2)) {
      return new Due(earliest, t1, Missed.ONE);
    }
    // Jump close to now assuming evenly spaced times, then walk (schedules need not be even).
    long between = Math.max(1, Math.round(Duration.between(t1, t2).toMillis() / 1000.0));
    long elapsed = Duration.between(t1, now).getSeconds();
    long missed = elapsed / between + 1;
    Instant recent = Instant.ofEpochSecond(t1.getEpochSecond() + (missed - 1) * between);
    if (recent.isAfter(now)) {
      recent = t1;
    }
    for (Instant t = schedule.next(recent); t != null && !t.isAfter(now); t = schedule.next(t)) {
      recent = t;
    }
    return new Due(earliest, recent, missed > 100 ? Missed.MANY : Missed.ONE);
  }

  /** How long from now until the next due time, plus a small delta. */
  static Duration untilNext(CronJob cj, Instant now, CronSchedule schedule) {
    Due due = mostRecent(cj, now, schedule, false);
    Instant from;
    if (due.mostRecent() != null) {
      from = due.mostRecent();
    } else {
      from = due.missed() == Missed.NONE ? due.earliest() : now;
    }
    Instant next = schedule.next(from);
    if (next == null) {
      return null;
    }
    return Duration.between(now, next).plus(NEXT_SCHEDULE_DELTA);
  }
}
