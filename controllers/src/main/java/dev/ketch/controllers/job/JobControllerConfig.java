package dev.ketch.controllers.job;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link JobController} runs.
 *
 * @param workers Jobs reconciled at once (upstream's --concurrent-job-syncs, 5)
 * @param podFailureBackoff the wait before replacing a failed pod, doubled per further failure (10 s)
 * @param maxPodFailureBackoff the longest such wait (10 minutes)
 * @param syncBatchPeriod how long pod events for one Job are gathered before it is looked at (1 s)
 */
public record JobControllerConfig(int workers, Duration podFailureBackoff, Duration maxPodFailureBackoff, Duration syncBatchPeriod) {

  public JobControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    Objects.requireNonNull(podFailureBackoff, "podFailureBackoff");
    Objects.requireNonNull(maxPodFailureBackoff, "maxPodFailureBackoff");
    Objects.requireNonNull(syncBatchPeriod, "syncBatchPeriod");
  }

  public static JobControllerConfig defaults() {
    return new JobControllerConfig(5, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(1));
  }

  public JobControllerConfig withPodFailureBackoff(Duration initial) {
    return new JobControllerConfig(workers, initial, maxPodFailureBackoff, syncBatchPeriod);
  }
}
