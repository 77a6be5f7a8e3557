package dev.ketch.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.queue.WorkQueue;
import dev.ketch.controllers.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = WorkQueue.withDefaultRateLimiter("test", clock);
  private final List<String> reconciled = new CopyOnWriteArrayList<>();
  private Controller<String> controller;
  private Thread runner;

  private void start(Reconciler<String> reconciler, int workers, List<java.util.function.BooleanSupplier> caches) {
    controller = new Controller<>("test", queue, reconciler, workers, caches);
    runner = Thread.ofPlatform().name("test-run").start(controller::run);
  }

  @AfterEach
  void stop() throws Exception {
    if (controller != null) {
      controller.close();
      runner.join(10_000);
      assertThat(runner.isAlive()).isFalse();
    }
  }

  @Test
  void workersWaitForCachesToSync() {
    AtomicBoolean synced = new AtomicBoolean();
    start(key -> {
      reconciled.add(key);
      return Result.done();
    }, 2, List.of(synced::get));
    queue.add("a");
    await().pollDelay(Duration.ofMillis(300)).untilAsserted(() -> assertThat(reconciled).isEmpty());
    synced.set(true);
    await().untilAsserted(() -> assertThat(reconciled).containsExactly("a"));
  }

  @Test
  void aFailedKeyIsRetriedAfterItsBackOffAndForgottenOnSuccess() {
    AtomicInteger attempts = new AtomicInteger();
    start(key -> {
      reconciled.add(key);
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return Result.done();
    }, 1, List.of());
    queue.add("a");
    await().untilAsserted(() -> assertThat(reconciled).hasSize(1));
    await().until(() -> queue.waitingCount() == 1);
    assertThat(queue.numRequeues("a")).isEqualTo(1);
    clock.advance(Duration.ofMillis(5));
    await().untilAsserted(() -> assertThat(reconciled).hasSize(2));
    await().until(() -> queue.waitingCount() == 1);
    clock.advance(Duration.ofMillis(9));
    await().pollDelay(Duration.ofMillis(100)).untilAsserted(() -> assertThat(reconciled).hasSize(2));
    clock.advance(Duration.ofMillis(1));
    await().untilAsserted(() -> assertThat(reconciled).hasSize(3));
    await().untilAsserted(() -> assertThat(queue.numRequeues("a")).isZero());
  }

  @Test
  void requeueAfterComesBackAtThatTime() {
    AtomicInteger attempts = new AtomicInteger();
    start(key -> {
      reconciled.add(key);
      return attempts.incrementAndGet() == 1 ? Result.requeueAfter(Duration.ofSeconds(30)) : Result.done();
    }, 1, List.of());
    queue.add("a");
    await().until(() -> queue.waitingCount() == 1);
    clock.advance(Duration.ofSeconds(29));
    assertThat(reconciled).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    await().untilAsserted(() -> assertThat(reconciled).hasSize(2));
  }

  @Test
  void noKeyIsReconciledByTwoWorkersAtOnce() {
    Set<String> inFlight = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    start(key -> {
      if (!inFlight.add(key)) {
        overlaps.incrementAndGet();
      }
      counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      Thread.yield();
      inFlight.remove(key);
      return Result.done();
    }, 4, List.of());
    for (int i = 0; i < 500; i++) {
      queue.add("k" + (i % 3));
    }
    await().until(() -> queue.length() == 0 && inFlight.isEmpty());
    assertThat(overlaps.get()).isZero();
    assertThat(counts).containsOnlyKeys("k0", "k1", "k2");
  }

  @Test
  void closeStopsTheWorkersAndRun() throws Exception {
    start(key -> Result.done(), 3, List.of());
    await().until(() -> Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("test-worker-")).count() == 3);
    controller.close();
    runner.join(10_000);
    assertThat(runner.isAlive()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-worker-"));
  }

  @Test
  void closeBeforeRunReturnsAtOnce() throws Exception {
    controller = new Controller<>("test", queue, key -> Result.done(), 1, List.of(() -> false));
    controller.close();
    runner = Thread.ofPlatform().start(controller::run);
    runner.join(5_000);
    assertThat(runner.isAlive()).isFalse();
  }
}
