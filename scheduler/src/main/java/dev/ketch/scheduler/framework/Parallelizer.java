package dev.ketch.scheduler.framework;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of work (one per node) on a fixed number of threads, the calling thread
 * included, in chunks as upstream's {@code parallelize.Until}. Owns {@code parallelism - 1} daemon
 * platform threads, stopped by {@link #close()}. Thread-safe.
 */
public final class Parallelizer implements AutoCloseable {

  private final int parallelism;
  private final ExecutorService workers;

  public Parallelizer(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive");
    }
    this.parallelism = parallelism;
    this.workers = parallelism == 1 ? null
        : Executors.newFixedThreadPool(parallelism - 1, Thread.ofPlatform().daemon().name("ketch-scheduler-worker-", 0).factory());
  }

  /** One thread: everything runs on the caller. */
  public static Parallelizer inline() {
    return new Parallelizer(1);
  }

  public int parallelism() {
    return parallelism;
  }

  /** Runs {@code work} for 0..pieces-1 and returns when all are done; rethrows the first failure. */
  public void until(int pieces, IntConsumer work) {
    until(pieces, work, () -> false);
  }

  /**
   * As {@link #until(int, IntConsumer)}, except that no new chunk starts once {@code stop} is true
   * (pieces already started still finish).
   */
  public void until(int pieces, IntConsumer work, BooleanSupplier stop) {
    int chunk = chunkSize(pieces);
    if (workers == null || pieces <= chunk) {
      for (int i = 0; i < pieces && !stop.getAsBoolean(); i++) {
        work.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable loop = () -> {
      try {
        int start;
        while (failure.get() == null && !stop.getAsBoolean() && (start = next.getAndAdd(chunk)) < pieces) {
          int end = Math.min(pieces, start + chunk);
          for (int i = start; i < end; i++) {
            work.accept(i);
          }
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    };
    int helpers = Math.min(parallelism - 1, (pieces + chunk - 1) / chunk - 1);
    CountDownLatch done = new CountDownLatch(helpers);
    for (int h = 0; h < helpers; h++) {
      workers.execute(() -> {
        try {
          loop.run();
        } finally {
          done.countDown();
        }
      });
    }
    loop.run();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for workers", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** About sqrt(n), but small enough that every thread gets a chunk, as upstream. */
  private int chunkSize(int pieces) {
    int s = (int) Math.sqrt(pieces);
    int r = pieces / parallelism + 1;
    return Math.max(1, Math.min(s, r));
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }
}
