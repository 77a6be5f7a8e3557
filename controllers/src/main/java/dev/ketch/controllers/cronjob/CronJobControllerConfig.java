package dev.ketch.controllers.cronjob;

/**
 * How the {@link CronJobController} runs.
 *
 * @param workers CronJobs reconciled at once (upstream's --concurrent-cron-job-syncs, 5)
 */
public record CronJobControllerConfig(int workers) {

  public CronJobControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  public static CronJobControllerConfig defaults() {
    return new CronJobControllerConfig(5);
  }
}
