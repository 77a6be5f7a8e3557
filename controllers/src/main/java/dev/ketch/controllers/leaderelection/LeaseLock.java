package dev.ketch.controllers.leaderelection;

/**
 * The object a leader election is held on, as client-go's resourcelock.Interface. Updates are
 * conditional on the version last read, so two candidates never both win.
 *
 * <p>Implementations need not be thread-safe: one election thread uses one lock.
 */
public interface LeaseLock {

  /** What the lock says now (remembering its version for {@link #update}), or null if it does not exist. */
  LeaderElectionRecord get();

  /** Creates the lock with {@code record}; fails if it exists. */
  void create(LeaderElectionRecord record);

  /** Replaces the record, if the lock has not changed since it was last read or written; fails otherwise. */
  void update(LeaderElectionRecord record);

  /** A description for logs and events, e.g. {@code kube-system/kube-controller-manager}. */
  String describe();
}
