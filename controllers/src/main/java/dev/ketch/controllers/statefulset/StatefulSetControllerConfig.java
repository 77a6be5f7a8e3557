package dev.ketch.controllers.statefulset;

/**
 * How the {@link StatefulSetController} runs.
 *
 * @param workers sets reconciled at once (upstream's --concurrent-statefulset-syncs, 5)
 */
public record StatefulSetControllerConfig(int workers) {

  public StatefulSetControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  public static StatefulSetControllerConfig defaults() {
    return new StatefulSetControllerConfig(5);
  }
}
