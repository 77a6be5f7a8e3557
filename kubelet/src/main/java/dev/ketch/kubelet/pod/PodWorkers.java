package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per pod, as upstream's pod_workers.go: updates from the informer, the relist and
 * timers only mark the pod's worker dirty; at most one sync per pod runs at a time, on the shared
 * executor (virtual threads), and a pod updated while it syncs is synced once more afterwards.
 * After each sync the status goes to the {@link StatusWriter} and the worker sleeps until the
 * time the sync asked for (a back-off ending, a probe due) or the next update. A pod being
 * deleted is stopped and then removed from the API (grace 0, uid precondition); a pod gone from
 * the API is stopped and its runtime state removed. A failing sync is retried after 2 s, so one
 * bad pod never stops the others.
 *
 * <p>Thread-safe. Threads: tasks on the executor; timers on the scheduler; it owns neither.
 */
public final class PodWorkers {

  private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final PodSyncer syncer;
  private final StatusWriter status;
  private final Executor executor;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Supplier<PodState> newState;
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  // Pods this kubelet deleted from the API, until the informer reports the deletion.
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private static final class Worker {
    final String uid;
    final PodState state;
    Pod pod;
    boolean gone;
    boolean dirty;
    boolean running;
    ScheduledFuture<?> wake;
    Instant wakeAt;
    Object wakeToken;

    Worker(String uid, Pod pod, PodState state) {
      this.uid = uid;
      this.pod = pod;
      this.state = state;
    }
  }

  public PodWorkers(PodSyncer syncer, StatusWriter status, Executor executor, ScheduledExecutorService timers, Clock clock,
      Supplier<PodState> newState) {
    this.syncer = syncer;
    this.status = status;
    this.executor = executor;
    this.timers = timers;
    this.clock = clock;
    this.newState = newState;
  }

  /** A pod bound to this node was added or changed. */
  public void update(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (finished.contains(uid)) {
      return;
    }
    Worker w = workers.computeIfAbsent(uid, k -> new Worker(k, pod, newState.get()));
    synchronized (w) {
      if (w.gone) {
        return;
      }
      w.pod = pod;
    }
    schedule(w);
  }

  /** The pod is gone from the API: stop what runs and remove it from the runtime. */
  public void delete(Pod pod) {
    if (finished.remove(pod.getMetadata().getUid())) {
      return;
    }
    Worker w = workers.computeIfAbsent(pod.getMetadata().getUid(), k -> new Worker(k, pod, newState.get()));
    synchronized (w) {
      w.gone = true;
    }
    schedule(w);
  }

  /** Syncs the pod again soon (its containers changed in the runtime). */
  public void poke(String uid) {
    Worker w = workers.get(uid);
    if (w != null) {
      schedule(w);
    }
  }

  /** Syncs every pod (the periodic resync). */
  public void pokeAll() {
    workers.values().forEach(this::schedule);
  }

  /** The pods the workers know, by uid. */
  public Set<String> uids() {
    return Set.copyOf(workers.keySet());
  }

  public int size() {
    return workers.size();
  }

  private void schedule(Worker w) {
    if (closed) {
      return;
    }
    synchronized (w) {
      w.dirty = true;
      if (w.running) {
        return;
      }
      w.running = true;
    }
    executor.execute(() -> run(w));
  }

  private void run(Worker w) {
    try {
      loop(w);
    } catch (Throwable t) {
      // Never leave a worker marked running with nothing running it: the pod would never sync again.
      log.error("pod worker failed podUid={}", w.uid, t);
      synchronized (w) {
        w.running = false;
      }
      wakeAt(w, clock.instant().plus(RETRY));
    }
  }

  private void loop(Worker w) {
    while (true) {
      Pod pod;
      boolean gone;
      synchronized (w) {
        if (!w.dirty || closed) {
          w.running = false;
          return;
        }
        w.dirty = false;
        pod = w.pod;
        gone = w.gone;
      }
      try {
        if (gone) {
          finish(w, pod);
          return;
        }
        PodSyncer.Outcome outcome = syncer.sync(pod, w.state);
        Pod written = status.write(pod, outcome.status());
        if (written == null) {
          // Deleted from the API while syncing: the informer's delete will follow.
          continue;
        }
        synchronized (w) {
          if (w.pod == pod) {
            w.pod = written;
          }
        }
        if (outcome.terminated() && pod.getMetadata().getDeletionTimestamp() != null) {
          if (status.delete(written)) {
            finished.add(w.uid);
            finish(w, written);
            return;
          }
        }
        log.debug("pod synced pod={}/{} phase={} next={}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
            outcome.status().getPhase(), outcome.nextSyncAt());
        wakeAt(w, outcome.nextSyncAt());
      } catch (RuntimeException e) {
        log.warn("pod sync failed pod={}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.toString());
        log.debug("pod sync failure", e);
        wakeAt(w, clock.instant().plus(RETRY));
      }
    }
  }

  /** Stops and removes what the runtime holds for the pod, and forgets it. */
  private void finish(Worker w, Pod pod) {
    try {
      if (!w.state.terminated()) {
        syncer.terminateForced(pod, w.state, RuntimePod.load(syncer.runtime(), w.uid));
      }
      syncer.cleanup(w.uid);
      status.forget(w.uid);
      synchronized (w) {
        if (w.wake != null) {
          w.wake.cancel(false);
        }
        w.running = false;
      }
      workers.remove(w.uid, w);
    } catch (RuntimeException e) {
      log.warn("pod cleanup failed pod={}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.toString());
      synchronized (w) {
        w.running = false;
      }
      wakeAt(w, clock.instant().plus(RETRY));
    }
  }

  private void wakeAt(Worker w, Instant at) {
    if (at == null || closed) {
      return;
    }
    synchronized (w) {
      // A pending wake that comes first is kept. A wake whose timer already fired is cleared by
      // its task before the sync it triggers can run, so it never hides a new one.
      if (w.wake != null && w.wakeAt != null && !w.wakeAt.isAfter(at)) {
        return;
      }
      if (w.wake != null) {
        w.wake.cancel(false);
      }
      // Rounded up, so the timer never fires before the time asked for.
      long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
      long delay = (nanos + 999_999) / 1_000_000;
      Object token = new Object();
      w.wakeToken = token;
      w.wakeAt = at;
      w.wake = timers.schedule(() -> {
        synchronized (w) {
          if (w.wakeToken == token) {
            w.wake = null;
            w.wakeAt = null;
            w.wakeToken = null;
          }
        }
        schedule(w);
      }, delay, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops scheduling syncs; syncs already running finish. Leaves containers running. */
  public void close() {
    closed = true;
    for (Worker w : workers.values()) {
      synchronized (w) {
        if (w.wake != null) {
          w.wake.cancel(false);
        }
      }
    }
  }
}
