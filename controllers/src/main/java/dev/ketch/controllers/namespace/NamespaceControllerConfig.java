package dev.ketch.controllers.namespace;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link NamespaceController} runs.
 *
 * @param workers namespaces emptied at once
 * @param deletionGracePeriod how long after a namespace starts terminating the controller first
 *     looks at it (upstream's 5 s), so that every API server has seen it terminating and refuses
 *     new content before the content is deleted
 */
public record NamespaceControllerConfig(int workers, Duration deletionGracePeriod) {

  public NamespaceControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    Objects.requireNonNull(deletionGracePeriod, "deletionGracePeriod");
  }

  public static NamespaceControllerConfig defaults() {
    return new NamespaceControllerConfig(2, Duration.ofSeconds(5));
  }
}
