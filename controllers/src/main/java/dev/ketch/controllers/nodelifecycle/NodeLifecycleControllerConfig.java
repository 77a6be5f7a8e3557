package dev.ketch.controllers.nodelifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link NodeLifecycleController} runs, with kube-controller-manager's defaults.
 *
 * @param monitorPeriod how often node health is checked (--node-monitor-period, 5 s)
 * @param gracePeriod how long a node may be silent (no Ready heartbeat, no Lease renewal) before
 *     it is marked unknown (--node-monitor-grace-period, 50 s)
 * @param startupGracePeriod how long a new node may go without ever posting its status
 *     (--node-startup-grace-period, 60 s)
 * @param evictionQps nodes per second whose NoExecute taint may be set in a healthy zone
 *     (--node-eviction-rate, 0.1)
 * @param secondaryEvictionQps the same in a partly disrupted large zone (--secondary-node-eviction-rate, 0.01)
 * @param largeClusterThreshold above this many nodes a zone is large (--large-cluster-size-threshold, 50)
 * @param unhealthyZoneThreshold the share of not-ready nodes (at least 3) that makes a zone partly
 *     disrupted (--unhealthy-zone-threshold, 0.55)
 */
public record NodeLifecycleControllerConfig(
    Duration monitorPeriod,
    Duration gracePeriod,
    Duration startupGracePeriod,
    double evictionQps,
    double secondaryEvictionQps,
    int largeClusterThreshold,
    double unhealthyZoneThreshold) {

  public NodeLifecycleControllerConfig {
    Objects.requireNonNull(monitorPeriod, "monitorPeriod");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    Objects.requireNonNull(startupGracePeriod, "startupGracePeriod");
    if (monitorPeriod.isZero() || monitorPeriod.isNegative()) {
      throw new IllegalArgumentException("monitorPeriod must be positive");
    }
  }

  public static NodeLifecycleControllerConfig defaults() {
    return new NodeLifecycleControllerConfig(Duration.ofSeconds(5), Duration.ofSeconds(50), Duration.ofSeconds(60), 0.1, 0.01, 50,
        0.55);
  }

  public NodeLifecycleControllerConfig withPeriods(Duration monitor, Duration grace) {
    return new NodeLifecycleControllerConfig(monitor, grace, startupGracePeriod, evictionQps, secondaryEvictionQps,
        largeClusterThreshold, unhealthyZoneThreshold);
  }
}
