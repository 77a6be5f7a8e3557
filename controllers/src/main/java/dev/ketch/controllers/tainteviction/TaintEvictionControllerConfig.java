package dev.ketch.controllers.tainteviction;

/**
 * How the {@link TaintEvictionController} runs.
 *
 * @param workers pods looked at at once (upstream uses 8)
 */
public record TaintEvictionControllerConfig(int workers) {

  public TaintEvictionControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  public static TaintEvictionControllerConfig defaults() {
    return new TaintEvictionControllerConfig(8);
  }
}
