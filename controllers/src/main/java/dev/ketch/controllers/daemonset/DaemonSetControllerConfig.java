package dev.ketch.controllers.daemonset;

/**
 * How the {@link DaemonSetController} runs.
 *
 * @param workers DaemonSets reconciled at once (upstream's --concurrent-daemonset-syncs, 2)
 */
public record DaemonSetControllerConfig(int workers) {

  public DaemonSetControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  public static DaemonSetControllerConfig defaults() {
    return new DaemonSetControllerConfig(2);
  }
}
