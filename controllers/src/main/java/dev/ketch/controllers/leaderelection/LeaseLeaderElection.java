package dev.ketch.controllers.leaderelection;

import dev.ketch.controllers.manager.LeaderElection;
import dev.ketch.controllers.time.Clock;
import dev.ketch.controllers.time.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease, as client-go's leaderelection: candidates try to acquire the lease
 * every retry period (with jitter); a lease whose record has not changed for a lease duration, as
 * seen on this candidate's own clock (so clocks need not agree), may be taken over. The leader
 * renews every retry period and gives leadership up if it could not renew for a renew deadline —
 * before anyone else may take the lease over — then competes again. Closing releases the lease
 * (holder emptied, duration one second) so that a successor need not wait.
 *
 * <p>Threads: one, named {@code leader-election}, from {@link #start} until {@link #close()}; the
 * callbacks run on it.
 */
public final class LeaseLeaderElection implements LeaderElection {

  private static final Logger log = LoggerFactory.getLogger(LeaseLeaderElection.class);

  private final LeaderElectionConfig config;
  private final Clock clock;
  private final Function<KubernetesClient, LeaseLock> locks;
  private final Sleeper sleeper;
  private final Supplier<Double> jitter;
  private Thread thread;
  private LeaseLock lock;
  // Only touched by the election thread (and by close once it has stopped).
  private LeaderElectionRecord observed;
  private long observedAt;
  private volatile boolean leading;

  /** Election on the API's Lease named in {@code config}. */
  public LeaseLeaderElection(LeaderElectionConfig config, Clock clock) {
    this(config, clock, client -> new ApiLeaseLock(client, config.namespace(), config.name()), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param locks makes the lock from the manager's client
   * @param jitter a number in [0, 1) for each acquisition retry
   */
  public LeaseLeaderElection(LeaderElectionConfig config, Clock clock, Function<KubernetesClient, LeaseLock> locks, Supplier<Double> jitter) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = clock;
    this.locks = locks;
    this.jitter = jitter;
    this.sleeper = new Sleeper(clock);
  }

  @Override
  public void start(Runnable onStartedLeading, Runnable onStoppedLeading) {
    start(null, onStartedLeading, onStoppedLeading);
  }

  @Override
  public synchronized void start(KubernetesClient client, Runnable onStartedLeading, Runnable onStoppedLeading) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    initLock(client);
    thread = Thread.ofPlatform().name("leader-election").start(() -> run(onStartedLeading, onStoppedLeading));
  }

  /** Makes the lock; {@link #start} does it, tests that drive {@link #tryAcquireOrRenew} call it themselves. */
  void initLock(KubernetesClient client) {
    lock = locks.apply(client);
  }

  /** True while this candidate holds the lease. */
  public boolean isLeader() {
    return leading;
  }

  public String identity() {
    return config.identity();
  }

  private void run(Runnable onStarted, Runnable onStopped) {
    try {
      while (!sleeper.isStopped()) {
        if (!acquire()) {
          return;
        }
        leading = true;
        log.info("successfully acquired lease lease={} identity={}", lock.describe(), config.identity());
        onStarted.run();
        boolean lost = renewUntilLost();
        leading = false;
        if (lost) {
          log.warn("leader election lost lease={} identity={}", lock.describe(), config.identity());
        }
        onStopped.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tries until acquired (true) or stopped (false). */
  private boolean acquire() throws InterruptedException {
    log.info("attempting to acquire leader lease lease={} identity={}", lock.describe(), config.identity());
    while (true) {
      if (tryAcquireOrRenew()) {
        return true;
      }
      long retry = config.retryPeriod().toNanos();
      Duration wait = Duration.ofNanos(retry + (long) (jitter.get() * LeaderElectionConfig.JITTER_FACTOR * retry));
      if (!sleeper.sleep(wait)) {
        return false;
      }
    }
  }

  /** Renews every retry period; true when a renewal failed for a renew deadline, false when stopped. */
  private boolean renewUntilLost() throws InterruptedException {
    long lastRenew = clock.nanoTime();
    while (true) {
      if (!sleeper.sleep(config.retryPeriod())) {
        return false;
      }
      if (tryAcquireOrRenew()) {
        lastRenew = clock.nanoTime();
      } else if (clock.nanoTime() - lastRenew >= config.renewDeadline().toNanos()) {
        return true;
      }
    }
  }

  /** One attempt, as client-go's tryAcquireOrRenew. */
  boolean tryAcquireOrRenew() {
    Instant now = clock.now();
    int seconds = (int) config.leaseDuration().toSeconds();
    try {
      LeaderElectionRecord current = lock.get();
      if (current == null) {
        LeaderElectionRecord mine = new LeaderElectionRecord(config.identity(), seconds, now, now, 0);
        lock.create(mine);
        observe(mine);
        return true;
      }
      if (!current.equals(observed)) {
        observe(current);
      }
      boolean iAmLeader = config.identity().equals(observed.holderIdentity());
      boolean valid = clock.nanoTime() - observedAt < config.leaseDuration().toNanos();
      if (!current.holderIdentity().isEmpty() && valid && !iAmLeader) {
        return false;
      }
      LeaderElectionRecord next = iAmLeader
          ? new LeaderElectionRecord(config.identity(), seconds, current.acquireTime(), now, current.leaderTransitions())
          : new LeaderElectionRecord(config.identity(), seconds, now, now, current.leaderTransitions() + 1);
      lock.update(next);
      observe(next);
      return true;
    } catch (RuntimeException e) {
      log.warn("failed to acquire or renew lease={}: {}", lock.describe(), e.toString());
      return false;
    }
  }

  private void observe(LeaderElectionRecord record) {
    observed = record;
    observedAt = clock.nanoTime();
  }

  /** Stops taking part and releases the lease if held. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    sleeper.close();
    if (t == null) {
      return;
    }
    // A caller that was interrupted (a stopping command) must still wait for the election thread and
    // release the lease: an interrupted join returns at once, and an interrupted thread's HTTP call
    // fails, either of which would leave the lease held. The interrupt is restored afterwards.
    boolean interrupted = Thread.interrupted();
    try {
      t.join(Duration.ofSeconds(30));
      release();
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void release() {
    if (observed == null || !config.identity().equals(observed.holderIdentity())) {
      return;
    }
    Instant now = clock.now();
    try {
      LeaderElectionRecord released = new LeaderElectionRecord("", 1, now, now, observed.leaderTransitions());
      lock.update(released);
      observe(released);
      log.info("released lease lease={} identity={}", lock.describe(), config.identity());
    } catch (RuntimeException e) {
      log.warn("failed to release lease={}: {}", lock.describe(), e.toString());
    }
  }
}
