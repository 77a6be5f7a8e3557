package dev.ketch.controllers.endpoint;

import java.time.Duration;

/**
 * How the {@link EndpointsController} runs.
 *
 * @param workers Services reconciled at once (upstream's --concurrent-endpoint-syncs, 5)
 * @param updatesBatchPeriod how long pod changes wait to be handled together (upstream's
 *     --endpoint-updates-batch-period, 0)
 */
public record EndpointsControllerConfig(int workers, Duration updatesBatchPeriod) {

  public EndpointsControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    if (updatesBatchPeriod == null || updatesBatchPeriod.isNegative()) {
      throw new IllegalArgumentException("updatesBatchPeriod must not be negative");
    }
  }

  public static EndpointsControllerConfig defaults() {
    return new EndpointsControllerConfig(5, Duration.ZERO);
  }
}
