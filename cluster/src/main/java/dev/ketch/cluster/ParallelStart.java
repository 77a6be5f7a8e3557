package dev.ketch.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts components side by side, each on a platform thread of its own created by the calling
 * thread (so it belongs to the same cluster), and times each. When one fails, {@link #await()}
 * closes those that started and throws the first failure.
 */
final class ParallelStart {

  private final String clusterId;
  private final List<CompletableFuture<? extends AutoCloseable>> tasks = new ArrayList<>();
  private final Map<String, Long> millis = new LinkedHashMap<>();

  ParallelStart(String clusterId) {
    this.clusterId = clusterId;
  }

  <T extends AutoCloseable> CompletableFuture<T> submit(String name, Callable<T> start) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofPlatform().name("ketch-" + clusterId + "-start-" + name).start(() -> {
      long began = System.nanoTime();
      T started = null;
      Throwable failure = null;
      try {
        started = start.call();
      } catch (Throwable e) {
        failure = e;
      }
      synchronized (millis) {
        millis.put(name, (System.nanoTime() - began) / 1_000_000);
      }
      if (failure == null) {
        result.complete(started);
      } else {
        result.completeExceptionally(failure);
      }
    });
    tasks.add(result);
    return result;
  }

  /** Waits for every start; on any failure closes the started ones and rethrows the first failure. */
  void await() {
    Throwable failure = null;
    for (CompletableFuture<? extends AutoCloseable> task : tasks) {
      try {
        task.join();
      } catch (CompletionException e) {
        failure = failure == null ? e.getCause() : failure;
      }
    }
    if (failure == null) {
      return;
    }
    for (CompletableFuture<? extends AutoCloseable> task : tasks) {
      if (task.state() == java.util.concurrent.Future.State.SUCCESS) {
        try {
          task.resultNow().close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("starting cluster " + clusterId + " failed", failure);
  }

  /** How long each start took, in milliseconds, in the order they finished. */
  Map<String, Long> millis() {
    synchronized (millis) {
      return new LinkedHashMap<>(millis);
    }
  }
}
