package dev.ketch.scheduler.config;

import java.time.Duration;
import java.util.List;

/**
 * What the scheduler runs with, as KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1)
 * describes it. Immutable.
 *
 * @param parallelism threads that filter and score nodes
 * @param percentageOfNodesToScore share of nodes to find feasible before scoring; 0 for upstream's
 *     adaptive share (50% less 1% per 125 nodes, at least 5%)
 * @param podInitialBackoff backoff after a pod's first failed attempt
 * @param podMaxBackoff the longest backoff
 * @param podMaxInUnschedulablePodsDuration how long a pod may wait for a relevant event before it is
 *     retried anyway (upstream's fixed five minutes: a safety net for events that were missed)
 * @param profiles at least one, with distinct scheduler names
 */
public record SchedulerConfiguration(int parallelism, int percentageOfNodesToScore, Duration podInitialBackoff, Duration podMaxBackoff,
    Duration podMaxInUnschedulablePodsDuration, List<Profile> profiles) {

  public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

  public SchedulerConfiguration {
    profiles = List.copyOf(profiles);
  }

  /** The same configuration with another parallelism. */
  public SchedulerConfiguration withParallelism(int p) {
    return new SchedulerConfiguration(p, percentageOfNodesToScore, podInitialBackoff, podMaxBackoff, podMaxInUnschedulablePodsDuration, profiles);
  }

  /** The same configuration with other backoffs. */
  public SchedulerConfiguration withBackoff(Duration initial, Duration max) {
    return new SchedulerConfiguration(parallelism, percentageOfNodesToScore, initial, max, podMaxInUnschedulablePodsDuration, profiles);
  }

  /** The profile pods name with {@code schedulerName}, or null. */
  public Profile profile(String schedulerName) {
    for (Profile p : profiles) {
      if (p.schedulerName().equals(schedulerName)) {
        return p;
      }
    }
    return null;
  }
}
