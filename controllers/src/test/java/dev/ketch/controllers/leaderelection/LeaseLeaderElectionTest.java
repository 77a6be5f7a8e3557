package dev.ketch.controllers.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** client-go's leader election rules on a fake clock and an in-memory lease. */
class LeaseLeaderElectionTest {

  /** One lease shared by candidates; each candidate has its own view (its last read version). */
  static final class Lease {
    LeaderElectionRecord record;
    long version;
    boolean down;

    LeaseLock lockFor() {
      return new LeaseLock() {
        long seen = -1;

        @Override
        public LeaderElectionRecord get() {
          synchronized (Lease.this) {
            if (down) {
              throw new IllegalStateException("API unreachable");
            }
            seen = version;
            return record;
          }
        }

        @Override
        public void create(LeaderElectionRecord r) {
          synchronized (Lease.this) {
            if (record != null) {
              throw new IllegalStateException("exists");
            }
            record = r;
            seen = ++version;
          }
        }

        @Override
        public void update(LeaderElectionRecord r) {
          synchronized (Lease.this) {
            if (down) {
              throw new IllegalStateException("API unreachable");
            }
            if (seen != version) {
              throw new IllegalStateException("conflict");
            }
            record = r;
            seen = ++version;
          }
        }

        @Override
        public String describe() {
          return "kube-system/kube-controller-manager";
        }
      };
    }
  }

  private final FakeClock clock = new FakeClock();
  private final Lease lease = new Lease();

  private LeaseLeaderElection candidate(String identity) {
    LeaseLeaderElection e = new LeaseLeaderElection(LeaderElectionConfig.controllerManager(identity), clock, c -> lease.lockFor(), () -> 0.0);
    e.initLock(null);
    return e;
  }

  @Test
  void theFirstCandidateCreatesTheLeaseAndRenewsIt() {
    LeaseLeaderElection a = candidate("a");
    assertThat(a.tryAcquireOrRenew()).isTrue();
    assertThat(lease.record.holderIdentity()).isEqualTo("a");
    assertThat(lease.record.leaseDurationSeconds()).isEqualTo(15);
    var acquired = lease.record.acquireTime();

    clock.advance(Duration.ofSeconds(2));
    assertThat(a.tryAcquireOrRenew()).isTrue();

    assertThat(lease.record.acquireTime()).isEqualTo(acquired);
    assertThat(lease.record.renewTime()).isEqualTo(clock.now());
    assertThat(lease.record.leaderTransitions()).isZero();
  }

  @Test
  void anotherCandidateTakesOverOnlyAfterTheLeaseWentUnrenewedForItsDuration() {
    LeaseLeaderElection a = candidate("a");
    LeaseLeaderElection b = candidate("b");
    a.tryAcquireOrRenew();
    assertThat(b.tryAcquireOrRenew()).isFalse();

    clock.advance(Duration.ofSeconds(14));
    assertThat(b.tryAcquireOrRenew()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(b.tryAcquireOrRenew()).isTrue();

    assertThat(lease.record.holderIdentity()).isEqualTo("b");
    assertThat(lease.record.leaderTransitions()).isEqualTo(1);
    // The former leader cannot renew a lease it no longer holds.
    assertThat(a.tryAcquireOrRenew()).isFalse();
  }

  @Test
  void aRenewalRestartsTheWaitOfOtherCandidates() {
    LeaseLeaderElection a = candidate("a");
    LeaseLeaderElection b = candidate("b");
    a.tryAcquireOrRenew();
    b.tryAcquireOrRenew();
    clock.advance(Duration.ofSeconds(10));
    a.tryAcquireOrRenew();
    clock.advance(Duration.ofSeconds(10));

    // b saw the record change ten seconds ago: the lease is still valid for it.
    assertThat(b.tryAcquireOrRenew()).isFalse();
  }

  @Test
  void theLeaderStopsLeadingWhenItCannotRenewForTheRenewDeadlineAndCompetesAgain() throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger stopped = new AtomicInteger();
    LeaseLeaderElection a = new LeaseLeaderElection(LeaderElectionConfig.controllerManager("a"), clock, c -> lease.lockFor(), () -> 0.0);
    a.start(null, started::incrementAndGet, stopped::incrementAndGet);
    try {
      await().until(() -> started.get() == 1);
      lease.down = true;
      // Renewals every two seconds fail; after ten seconds without one it gives up.
      for (int i = 0; i < 4; i++) {
        tick(Duration.ofSeconds(2));
        assertThat(stopped.get()).isZero();
      }
      tick(Duration.ofSeconds(2));
      await().until(() -> stopped.get() == 1);
      assertThat(a.isLeader()).isFalse();

      // It competes again, and wins the lease it still holds once the API answers.
      lease.down = false;
      tick(Duration.ofSeconds(2));
      await().until(() -> started.get() == 2);
    } finally {
      a.close();
    }
  }

  /** Waits for the election thread to sleep, then moves the clock so that it wakes. */
  private void tick(Duration d) {
    await().until(() -> Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("leader-election") && t.getState() == Thread.State.WAITING));
    clock.advance(d);
  }

  @Test
  void closingReleasesTheLeaseSoASuccessorNeedNotWait() {
    AtomicInteger started = new AtomicInteger();
    LeaseLeaderElection a = new LeaseLeaderElection(LeaderElectionConfig.controllerManager("a"), clock, c -> lease.lockFor(), () -> 0.0);
    a.start(null, started::incrementAndGet, () -> {});
    await().until(() -> started.get() == 1);
    LeaseLeaderElection b = candidate("b");
    assertThat(b.tryAcquireOrRenew()).isFalse();

    a.close();

    assertThat(lease.record.holderIdentity()).isEmpty();
    assertThat(b.tryAcquireOrRenew()).isTrue();
    assertThat(lease.record.leaderTransitions()).isEqualTo(1);
  }

  @Test
  void timingsMustLeaveRoomForRenewals() {
    assertThatThrownBy(() -> LeaderElectionConfig.controllerManager("a").withTimings(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(2))).hasMessageContaining("leaseDuration must be greater than renewDeadline");
    assertThatThrownBy(() -> LeaderElectionConfig.controllerManager("a").withTimings(Duration.ofSeconds(15), Duration.ofSeconds(2),
        Duration.ofSeconds(2))).hasMessageContaining("renewDeadline must be greater than retryPeriod*JitterFactor");
  }
}
