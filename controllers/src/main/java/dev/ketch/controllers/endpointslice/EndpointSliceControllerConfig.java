package dev.ketch.controllers.endpointslice;

/**
 * How the {@link EndpointSliceController} runs.
 *
 * @param workers Services reconciled at once (upstream's --concurrent-service-endpoint-syncs, 5)
 * @param maxEndpointsPerSlice endpoints in one slice (upstream's --max-endpoints-per-slice, 100)
 */
public record EndpointSliceControllerConfig(int workers, int maxEndpointsPerSlice) {

  public EndpointSliceControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
      throw new IllegalArgumentException("maxEndpointsPerSlice must be between 1 and 1000");
    }
  }

  public static EndpointSliceControllerConfig defaults() {
    return new EndpointSliceControllerConfig(5, 100);
  }
}
