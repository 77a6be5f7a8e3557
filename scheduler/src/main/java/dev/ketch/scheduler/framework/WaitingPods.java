package dev.ketch.scheduler.framework;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pods held at Permit, by UID. A pod is released when every plugin that held it allowed it,
 * and rejected as soon as one rejects it or the shortest timeout passes. Thread-safe.
 */
final class WaitingPods {

  private final Map<String, Waiting> byUid = new ConcurrentHashMap<>();

  /** One held pod. */
  static final class Waiting implements WaitingPod {
    private final PodInfo pod;
    private final Map<String, Duration> pending;
    private final CompletableFuture<Status> outcome = new CompletableFuture<>();

    Waiting(PodInfo pod, Map<String, Duration> pending) {
      this.pod = pod;
      this.pending = new HashMap<>(pending);
    }

    @Override
    public PodInfo pod() {
      return pod;
    }

    @Override
    public void allow(String pluginName) {
      boolean done;
      synchronized (pending) {
        pending.remove(pluginName);
        done = pending.isEmpty();
      }
      if (done) {
        outcome.complete(Status.success());
      }
    }

    @Override
    public void reject(String pluginName, String message) {
      outcome.complete(Status.unschedulable(message).withPlugin(pluginName));
    }

    Duration shortestTimeout() {
      synchronized (pending) {
        return pending.values().stream().min(Duration::compareTo).orElse(Duration.ZERO);
      }
    }

    String anyPending() {
      synchronized (pending) {
        return pending.keySet().stream().findFirst().orElse("");
      }
    }
  }

  void add(PodInfo pod, Map<String, Duration> pendingPlugins) {
    byUid.put(pod.uid(), new Waiting(pod, pendingPlugins));
  }

  WaitingPod get(String uid) {
    return byUid.get(uid);
  }

  /**
   * Blocks until the held pod is allowed, rejected or timed out; success at once when the pod is
   * not held.
   */
  Status await(PodInfo pod) {
    Waiting w = byUid.get(pod.uid());
    if (w == null) {
      return Status.success();
    }
    try {
      Duration timeout = w.shortestTimeout();
      return w.outcome.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String plugin = w.anyPending();
      return Status.unschedulable("rejected due to timeout after waiting " + w.shortestTimeout().toSeconds() + "s at plugin " + plugin)
          .withPlugin(plugin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.error("interrupted while waiting on permit");
    } catch (ExecutionException e) {
      return Status.error(e.getCause());
    } finally {
      byUid.remove(pod.uid());
    }
  }
}
