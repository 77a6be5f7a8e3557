package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.kubelet.env.EnvironmentBuilder;
import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;
import dev.ketch.kubelet.runtime.simulated.SimulatedHandlerRunner;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.kubelet.status.StatusWriter;
import dev.ketch.kubelet.testing.InMemoryObjects;
import dev.ketch.kubelet.testing.RecordingEvents;
import dev.ketch.kubelet.testing.TestPods;
import dev.ketch.kubelet.volume.CheckedVolumeManager;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workers' scheduling on real threads and timers, with back-off of 50 ms doubling to 200 ms so that
 * many restarts happen within seconds, and the relist every 10 ms: a wake a sync asks for must never
 * be lost, whatever the order in which the timer and the worker threads run.
 */
class PodWorkersTest {

  /** Keeps the latest status of each pod, as the API would. */
  static final class FakeStatus implements StatusWriter {
    final Map<String, PodStatus> statuses = new ConcurrentHashMap<>();
    final Map<String, Boolean> deleted = new ConcurrentHashMap<>();

    @Override
    public Pod write(Pod pod, PodStatus status) {
      statuses.put(pod.getMetadata().getName(), status);
      return new PodBuilder(pod).withStatus(status).build();
    }

    @Override
    public boolean delete(Pod pod) {
      deleted.put(pod.getMetadata().getName(), true);
      return true;
    }

    @Override
    public void forget(String uid) {}
  }

  /**
   * A timer thread that lingers after each task, as one the OS does not run for a while would:
   * syncs triggered by a timer then finish before the timer's own task does.
   */
  static final class LingeringTimers extends ScheduledThreadPoolExecutor {
    LingeringTimers() {
      super(1);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
      return super.schedule(() -> {
        task.run();
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(30).toNanos());
      }, delay, unit);
    }
  }

  private final ScheduledThreadPoolExecutor timers = new LingeringTimers();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final SimulatedRuntime runtime = new SimulatedRuntime(Clock.systemUTC(), "10.64.0.0/24");
  private final FakeStatus status = new FakeStatus();
  private final PodWorkers workers;

  PodWorkersTest() {
    InMemoryObjects objects = new InMemoryObjects();
    SyncContext ctx = new SyncContext(runtime, runtime, new SimulatedHandlerRunner(runtime),
        new CheckedVolumeManager(objects, "/var/lib/kubelet"), new EnvironmentBuilder(objects), new RecordingEvents(),
        Clock.systemUTC(), "172.16.0.2", Map.of(), List.of(), "cluster.local", "/var/lib/kubelet", "/var/log/pods",
        new BackOff(Duration.ofMillis(50), Duration.ofMillis(200)), new BackOff(Duration.ofMillis(50), Duration.ofMillis(200)));
    PodSyncer syncer = new PodSyncer(ctx);
    workers = new PodWorkers(syncer, status, executor, timers, Clock.systemUTC(),
        () -> new PodState(new SimulatedHandlerRunner(runtime)));
    // The relist is what notices a container exit, as in a kubelet.
    Relister relister = new Relister(runtime, "node-a", workers, syncer, () -> true, Clock.systemUTC());
    timers.scheduleWithFixedDelay(relister::relist, 10, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() {
    workers.close();
    timers.shutdownNow();
    executor.shutdownNow();
  }

  private int restarts(String pod) {
    PodStatus s = status.statuses.get(pod);
    return s == null || s.getContainerStatuses() == null ? 0 : s.getContainerStatuses().getFirst().getRestartCount();
  }

  @Test
  void crashLoopingPodsKeepRestartingOnTheirOwnTimers() {
    for (int i = 0; i < 20; i++) {
      workers.update(TestPods.pod("crash-" + i).annotation(SimulatedBehaviour.EXIT_CODE, "1").container("app", "busybox").build());
    }

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      for (int i = 0; i < 20; i++) {
        assertThat(restarts("crash-" + i)).as("crash-%d", i).isGreaterThanOrEqualTo(25);
      }
    });
  }

  @Test
  void aDeletedPodIsStoppedThenRemovedFromTheApiAndTheRuntime() {
    Pod pod = TestPods.pod("bye").container("app", "nginx").build();
    workers.update(pod);
    await().atMost(Duration.ofSeconds(5)).until(() -> status.statuses.containsKey("bye")
        && "Running".equals(status.statuses.get("bye").getPhase()));

    Pod deleting = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withDeletionGracePeriodSeconds(30L).endMetadata().build();
    workers.update(deleting);

    await().atMost(Duration.ofSeconds(5)).until(() -> status.deleted.containsKey("bye") && workers.size() == 0);
    assertThat(runtime.size()).containsExactly(0, 0);
    workers.update(deleting); // a late informer event for the deleted pod changes nothing
    assertThat(workers.size()).isZero();
  }
}
