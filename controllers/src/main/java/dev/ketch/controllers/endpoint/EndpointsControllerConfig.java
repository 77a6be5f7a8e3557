package dev.ketch.controllers.endpoint;

/**
 * How the {@link EndpointsController} runs.
 *
 * @param workers Services reconciled at once (upstream's --concurrent-endpoint-syncs, 5)
 */
public record EndpointsControllerConfig(int workers) {

  public EndpointsControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  public static EndpointsControllerConfig defaults() {
    return new EndpointsControllerConfig(5);
  }
}
