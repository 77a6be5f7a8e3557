package dev.ketch.controllers.manager;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Decides when this process runs its controllers, so that of several controller managers only
 * one acts: {@link #alwaysLeader()} for a single manager, or {@link
 * dev.ketch.controllers.leaderelection.LeaseLeaderElection} on a coordination.k8s.io Lease.
 *
 * <p>Implementations are thread-safe.
 */
public interface LeaderElection extends AutoCloseable {

  /**
   * Starts taking part. Calls {@code onStartedLeading} (from any thread) once this process leads,
   * and {@code onStoppedLeading} if it stops leading afterwards; the two alternate, starting with
   * {@code onStartedLeading}, for as long as the election runs.
   */
  void start(Runnable onStartedLeading, Runnable onStoppedLeading);

  /**
   * Starts taking part with the manager's {@code client}, for elections held through the API; by
   * default the client is not needed.
   */
  default void start(KubernetesClient client, Runnable onStartedLeading, Runnable onStoppedLeading) {
    start(onStartedLeading, onStoppedLeading);
  }

  /** Stops taking part, giving leadership up. */
  @Override
  void close();

  /** A single controller manager: it leads from the start, on the calling thread. */
  static LeaderElection alwaysLeader() {
    return new LeaderElection() {
      @Override
      public void start(Runnable onStartedLeading, Runnable onStoppedLeading) {
        onStartedLeading.run();
      }

      @Override
      public void close() {}
    };
  }
}
