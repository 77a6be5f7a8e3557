package dev.ketch.controllers.leaderelection;

import java.time.Instant;

/**
 * What a Lease says about leadership, as client-go's LeaderElectionRecord.
 *
 * @param holderIdentity who holds it; empty when released
 * @param leaseDurationSeconds how long it is valid after a renewal
 * @param acquireTime when the holder acquired it
 * @param renewTime when the holder last renewed it
 * @param leaderTransitions how many times it changed hands
 */
public record LeaderElectionRecord(String holderIdentity, int leaseDurationSeconds, Instant acquireTime, Instant renewTime,
    int leaderTransitions) {

  public LeaderElectionRecord {
    holderIdentity = holderIdentity == null ? "" : holderIdentity;
  }
}
