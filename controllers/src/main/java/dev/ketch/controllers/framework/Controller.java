package dev.ketch.controllers.framework;

import dev.ketch.controllers.queue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller loop of kube-controller-manager: informer event handlers only queue keys; {@link
 * #run()} waits for the informer caches to sync and then runs {@code workers} threads, each
 * looping get → {@link Reconciler#reconcile} → forget on success (or requeue as the {@link
 * Result} says), rate-limited requeue on error → done. The queue guarantees no key is reconciled
 * by two workers at once.
 *
 * <p>Threads: {@code workers} threads named {@code <name>-worker-<n>}, started by {@link #run()}
 * and stopped by {@link #close()}.
 *
 * @param <K> the key type
 */
public final class Controller<K> implements ManagedController {

  private static final Logger log = LoggerFactory.getLogger(Controller.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final WorkQueue<K> queue;
  private final Reconciler<K> reconciler;
  private final int workers;
  private final List<BooleanSupplier> caches;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param name the controller's name, for threads and logs
   * @param queue the queue its event handlers fill
   * @param reconciler what to do for each key
   * @param workers how many keys to reconcile at once
   * @param caches the {@code hasSynced} of every informer the reconciler reads
   */
  public Controller(String name, WorkQueue<K> queue, Reconciler<K> reconciler, int workers, List<BooleanSupplier> caches) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    this.name = Objects.requireNonNull(name, "name");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    this.workers = workers;
    this.caches = List.copyOf(caches);
  }

  @Override
  public String name() {
    return name;
  }

  public WorkQueue<K> queue() {
    return queue;
  }

  @Override
  public void run() {
    log.info("starting controller={} workers={}", name, workers);
    if (!CacheSync.await(name, caches, closed)) {
      return;
    }
    List<Thread> started;
    synchronized (threads) {
      if (closed.getCount() == 0) {
        return;
      }
      for (int i = 0; i < workers; i++) {
        threads.add(Thread.ofPlatform().name(name + "-worker-" + i).start(this::work));
      }
      started = List.copyOf(threads);
    }
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        return;
      }
    }
    log.info("stopped controller={}", name);
  }

  private void work() {
    while (true) {
      K key;
      try {
        key = queue.get();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        return;
      }
      if (!processOne(key)) {
        return;
      }
    }
  }

  /** Reconciles one key; false if the worker was interrupted and should stop. */
  private boolean processOne(K key) {
    try {
      Result result = reconciler.reconcile(key);
      switch (result) {
        case Result.Done d -> queue.forget(key);
        case Result.RequeueAfter r -> queue.addAfter(key, r.delay());
        case Result.Requeue r -> queue.addRateLimited(key);
      }
      return true;
    } catch (InterruptedException e) {
      queue.addRateLimited(key);
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      // The key goes back with its back-off; the log says why, since nothing else will.
      log.warn("reconcile failed controller={} key={} requeues={}: {}", name, key, queue.numRequeues(key), e.toString());
      log.debug("reconcile failure controller={} key={}", name, key, e);
      queue.addRateLimited(key);
      return true;
    } finally {
      queue.done(key);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    queue.shutDown();
    List<Thread> running;
    synchronized (threads) {
      running = List.copyOf(threads);
    }
    joinAll(running, STOP_GRACE);
    for (Thread t : running) {
      if (t.isAlive()) {
        log.warn("worker still busy after stopGrace={}, interrupting thread={}", STOP_GRACE, t.getName());
        t.interrupt();
      }
    }
    joinAll(running, STOP_GRACE);
  }

  private static void joinAll(List<Thread> threads, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(Duration.ofNanos(left));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "Controller[" + name + "]";
  }
}
