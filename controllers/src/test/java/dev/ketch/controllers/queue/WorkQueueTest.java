package dev.ketch.controllers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = WorkQueue.withDefaultRateLimiter("test", clock);

  @Test
  void addingAQueuedItemAgainQueuesItOnce() {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.length()).isEqualTo(2);
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isEqualTo("b");
    assertThat(queue.poll()).isNull();
  }

  @Test
  void anItemAddedWhileProcessedWaitsForDone() {
    queue.add("a");
    assertThat(queue.poll()).isEqualTo("a");
    queue.add("a");
    queue.add("a");
    assertThat(queue.poll()).as("a is being processed").isNull();
    queue.done("a");
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a");
    assertThat(queue.poll()).isNull();
  }

  @Test
  void doneWithoutReAddLeavesNothing() {
    queue.add("a");
    queue.done(queue.poll());
    assertThat(queue.length()).isZero();
  }

  @Test
  void addAfterWaitsForTheClock() {
    queue.addAfter("a", Duration.ofSeconds(10));
    assertThat(queue.poll()).isNull();
    assertThat(queue.waitingCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(9));
    assertThat(queue.poll()).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void addAfterKeepsTheEarliestTime() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(2));
    queue.addAfter("a", Duration.ofSeconds(30));
    assertThat(queue.waitingCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a");
    clock.advance(Duration.ofSeconds(60));
    assertThat(queue.poll()).isNull();
  }

  @Test
  void addAfterOfAnItemAlreadyQueuedDoesNotQueueItTwice() {
    queue.add("a");
    queue.addAfter("a", Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isNull();
  }

  @Test
  void zeroDelayIsAnAdd() {
    queue.addAfter("a", Duration.ZERO);
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void addRateLimitedBacksOffExponentiallyUntilForgotten() {
    queue.addRateLimited("a");
    assertThat(queue.poll()).isNull();
    clock.advance(Duration.ofMillis(5));
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a");
    queue.addRateLimited("a");
    clock.advance(Duration.ofMillis(9));
    assertThat(queue.poll()).isNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.numRequeues("a")).isEqualTo(2);
    queue.forget("a");
    queue.done("a");
    assertThat(queue.numRequeues("a")).isZero();
    queue.addRateLimited("a");
    clock.advance(Duration.ofMillis(5));
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void shutDownHandsOutWhatIsQueuedThenNull() throws Exception {
    queue.add("a");
    queue.addAfter("later", Duration.ofSeconds(1));
    queue.shutDown();
    queue.add("b");
    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue.get()).isEqualTo("a");
    assertThat(queue.get()).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.get()).isNull();
  }

  @Test
  void blockedGetWakesOnAdd() {
    AtomicReference<String> got = new AtomicReference<>();
    Thread worker = Thread.ofPlatform().start(() -> {
      try {
        got.set(queue.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    await().until(() -> worker.getState() == Thread.State.WAITING);
    queue.add("a");
    await().untilAsserted(() -> assertThat(got.get()).isEqualTo("a"));
  }

  @Test
  void blockedGetWakesWhenTheFakeClockReachesADelayedItem() {
    AtomicReference<String> got = new AtomicReference<>();
    queue.addAfter("a", Duration.ofMinutes(5));
    Thread worker = Thread.ofPlatform().start(() -> {
      try {
        got.set(queue.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    await().until(() -> worker.getState() == Thread.State.WAITING);
    assertThat(got.get()).isNull();
    clock.advance(Duration.ofMinutes(5));
    await().untilAsserted(() -> assertThat(got.get()).isEqualTo("a"));
  }

  @Test
  void blockedGetReturnsNullOnShutDown() throws Exception {
    AtomicReference<String> got = new AtomicReference<>("unset");
    Thread worker = Thread.ofPlatform().start(() -> {
      try {
        got.set(queue.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    await().until(() -> worker.getState() == Thread.State.WAITING);
    queue.shutDown();
    worker.join(5_000);
    assertThat(got.get()).isNull();
  }

  @Test
  void anItemIsNeverHeldByTwoWorkersAtOnce() throws Exception {
    WorkQueue<Integer> q = WorkQueue.withDefaultRateLimiter("concurrent", clock);
    Set<Integer> held = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          Integer item;
          while ((item = q.get()) != null) {
            if (!held.add(item)) {
              overlaps.incrementAndGet();
            }
            Thread.onSpinWait();
            held.remove(item);
            processed.incrementAndGet();
            q.done(item);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (int round = 0; round < 2000; round++) {
      q.add(round % 5);
    }
    await().until(() -> q.length() == 0);
    q.shutDown();
    for (Thread t : workers) {
      t.join(10_000);
    }
    assertThat(overlaps.get()).isZero();
    assertThat(processed.get()).isPositive().isLessThanOrEqualTo(2000);
  }

  @Test
  void getWithTimeoutGivesUp() throws Exception {
    assertThat(queue.get(Duration.ofMillis(20))).isNull();
    queue.add("a");
    assertThat(queue.get(Duration.ofMillis(20))).isEqualTo("a");
  }
}
