package dev.ketch.controllers.replicaset;

/**
 * How a {@link ReplicaSetController} runs.
 *
 * @param workers ReplicaSets reconciled at once (upstream's --concurrent-replicaset-syncs, 5)
 * @param burstReplicas the most pods created or deleted for one ReplicaSet in one pass (upstream's
 *     BurstReplicas, 500); the rest wait until those have been seen
 */
public record ReplicaSetControllerConfig(int workers, int burstReplicas) {

  public ReplicaSetControllerConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    if (burstReplicas < 1) {
      throw new IllegalArgumentException("burstReplicas must be at least 1");
    }
  }

  public static ReplicaSetControllerConfig defaults() {
    return new ReplicaSetControllerConfig(5, 500);
  }
}
