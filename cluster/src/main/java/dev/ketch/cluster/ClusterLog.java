package dev.ketch.cluster;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The log lines of one cluster's components, newest last, the oldest dropped beyond a limit. Lines
 * reach it through {@link LogRouter}: a component thread belongs to the cluster when it was created
 * by a thread that did, starting from the thread that started the cluster.
 *
 * <p>Thread-safe.
 */
public final class ClusterLog {

  private static final int DEFAULT_LIMIT = 20_000;

  private final String id;
  private final int limit;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  ClusterLog(String id) {
    this(id, DEFAULT_LIMIT);
  }

  ClusterLog(String id, int limit) {
    this.id = id;
    this.limit = limit;
  }

  /** The cluster's identifier, as in its thread and directory names. */
  public String id() {
    return id;
  }

  /** The lines kept so far, oldest first. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines kept so far, one per line. */
  public String text() {
    return String.join("\n", lines());
  }

  synchronized void add(String line) {
    if (lines.size() == limit) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  /**
   * Runs {@code work} on a new thread that belongs to this cluster, so that the threads it starts
   * log here too, and waits for it.
   */
  <T> T runAsCluster(String what, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(() -> {
      LogRouter.enter(this);
      return work.call();
    });
    Thread thread = Thread.ofPlatform().name("ketch-" + id + "-" + what).start(task);
    try {
      return task.get();
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what + " of cluster " + id, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(what + " of cluster " + id + " failed", e.getCause());
    }
  }

  void close() {
    LogRouter.forget(this);
  }
}
