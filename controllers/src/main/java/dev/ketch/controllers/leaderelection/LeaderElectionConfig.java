package dev.ketch.controllers.leaderelection;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LeaseLeaderElection} takes part, as client-go's LeaderElectionConfig.
 *
 * @param namespace the Lease's namespace
 * @param name the Lease's name
 * @param identity this candidate's holder identity (unique among candidates)
 * @param leaseDuration how long others wait, after the lease last changed, before taking it over
 * @param renewDeadline how long the leader keeps retrying a renewal before it gives leadership up
 * @param retryPeriod how often candidates try to acquire, and the leader to renew
 */
public record LeaderElectionConfig(String namespace, String name, String identity, Duration leaseDuration, Duration renewDeadline,
    Duration retryPeriod) {

  /** client-go's JitterFactor: acquisition retries wait up to 1.2 retry periods more. */
  public static final double JITTER_FACTOR = 1.2;

  public LeaderElectionConfig {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (identity == null || identity.isEmpty()) {
      throw new IllegalArgumentException("identity must not be empty");
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
    }
    if (renewDeadline.toNanos() <= (long) (JITTER_FACTOR * retryPeriod.toNanos())) {
      throw new IllegalArgumentException("renewDeadline must be greater than retryPeriod*JitterFactor");
    }
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException("retryPeriod must be positive");
    }
  }

  /**
   * kube-controller-manager's: Lease {@code kube-system/kube-controller-manager}, lease 15 s,
   * renew deadline 10 s, retry 2 s.
   */
  public static LeaderElectionConfig controllerManager(String identity) {
    return new LeaderElectionConfig("kube-system", "kube-controller-manager", identity, Duration.ofSeconds(15),
        Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  public LeaderElectionConfig withTimings(Duration lease, Duration renew, Duration retry) {
    return new LeaderElectionConfig(namespace, name, identity, lease, renew, retry);
  }
}
