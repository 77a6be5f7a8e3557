package dev.ketch.controllers.endpointslice;

import java.time.Duration;

/**
 * How the {@link EndpointSliceController} runs.
 *
 * @param workers Services reconciled at once (upstream's --concurrent-service-endpoint-syncs, 5)
 * @param maxEndpointsPerSlice endpoints in one slice (upstream's --max-endpoints-per-slice, 100)
 * @param updatesBatchPeriod how long pod changes wait to be handled together (upstream's
 *     --endpointslice-updates-batch-period, 0)
 */
public record EndpointSliceControllerConfig(int workers, int maxEndpointsPerSlice, Duration updatesBatchPeriod) {

  public EndpointSliceControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    if (updatesBatchPeriod == null || updatesBatchPeriod.isNegative()) {
      throw new IllegalArgumentException("updatesBatchPeriod must not be negative");
    }
    if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
      throw new IllegalArgumentException("maxEndpointsPerSlice must be between 1 and 1000");
    }
  }

  public static EndpointSliceControllerConfig defaults() {
    return new EndpointSliceControllerConfig(5, 100, Duration.ZERO);
  }
}
