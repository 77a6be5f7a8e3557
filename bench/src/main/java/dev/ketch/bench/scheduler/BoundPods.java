package dev.ketch.bench.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches one namespace's pods, as an independent observer, and records when each was first seen
 * with a node (System.nanoTime()). Thread-safe.
 */
final class BoundPods implements AutoCloseable {

  private final Map<String, Long> boundAt = new ConcurrentHashMap<>();
  private final AtomicInteger bound = new AtomicInteger();
  private final Watch watch;
  private volatile CountDownLatch target = new CountDownLatch(0);

  BoundPods(KubernetesClient client, String namespace) {
    watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()
            && boundAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime()) == null) {
          bound.incrementAndGet();
          target.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null) {
          System.err.println("watch closed: " + cause);
        }
      }
    });
  }

  /** Arms a latch that opens after {@code n} more pods are bound. */
  CountDownLatch expect(int n) {
    target = new CountDownLatch(n);
    return target;
  }

  boolean await(CountDownLatch latch, long seconds) throws InterruptedException {
    return latch.await(seconds, TimeUnit.SECONDS);
  }

  int count() {
    return bound.get();
  }

  Long boundAt(String name) {
    return boundAt.get(name);
  }

  @Override
  public void close() {
    watch.close();
  }
}
