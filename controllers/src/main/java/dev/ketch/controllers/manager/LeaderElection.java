package dev.ketch.controllers.manager;

/**
 * Decides when this process runs its controllers, so that of several controller managers only
 * one acts. The seam for leader election on coordination.k8s.io Leases; today only {@link
 * #alwaysLeader()} exists.
 *
 * <p>Implementations are thread-safe.
 */
public interface LeaderElection extends AutoCloseable {

  /**
   * Starts taking part. Calls {@code onStartedLeading} (from any thread) once this process leads,
   * and {@code onStoppedLeading} if it stops leading afterwards, at most once each.
   */
  void start(Runnable onStartedLeading, Runnable onStoppedLeading);

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
