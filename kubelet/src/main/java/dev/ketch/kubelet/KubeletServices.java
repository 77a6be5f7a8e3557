package dev.ketch.kubelet;

import dev.ketch.kubelet.events.ApiEventPoster;
import dev.ketch.kubelet.objects.ApiObjectSource;
import dev.ketch.kubelet.objects.ObjectSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the kubelets of one process share: the API client, the clock, one timer thread, one
 * virtual-thread executor for all work (pod syncs, lease renewals, status), the event poster and
 * the reader of ConfigMaps and Secrets. A hundred simulated nodes cost a hundred sets of timers,
 * not a hundred thread pools.
 *
 * <p>Threads: {@code kubelet-timers} (one platform thread, which only hands work on), virtual
 * threads for the work, {@code kubelet-events}. {@link #close()} stops them; the client is the
 * caller's.
 */
public final class KubeletServices implements AutoCloseable {

  private final KubernetesClient client;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timers;
  private final ExecutorService workers;
  private final ApiEventPoster events;
  private final ObjectSource objects;

  public KubeletServices(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.timers = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("kubelet-timers").daemon().unstarted(r));
    this.timers.setRemoveOnCancelPolicy(true);
    this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kubelet-", 0).factory());
    this.events = new ApiEventPoster(client, clock);
    this.objects = new ApiObjectSource(client);
  }

  public KubernetesClient client() {
    return client;
  }

  public Clock clock() {
    return clock;
  }

  public ScheduledExecutorService timers() {
    return timers;
  }

  public ExecutorService workers() {
    return workers;
  }

  public ApiEventPoster events() {
    return events;
  }

  public ObjectSource objects() {
    return objects;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    events.close();
  }
}
