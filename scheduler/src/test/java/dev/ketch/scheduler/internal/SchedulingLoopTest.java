package dev.ketch.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.cache.SchedulerCache;
import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.framework.Framework;
import dev.ketch.scheduler.framework.Parallelizer;
import dev.ketch.scheduler.framework.Services;
import dev.ketch.scheduler.metrics.SchedulerMetrics;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.queue.Nominator;
import dev.ketch.scheduler.queue.SchedulingQueue;
import dev.ketch.scheduler.testing.FakeListers;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.MutableClock;
import dev.ketch.scheduler.testing.RecordingEvents;
import dev.ketch.scheduler.testing.RecordingPodActions;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One scheduling cycle at a time over fakes, bindings run inline. */
class SchedulingLoopTest {

  private final MutableClock clock = MutableClock.atEpoch();
  private final FakeListers listers = new FakeListers();
  private final RecordingPodActions actions = new RecordingPodActions();
  private final RecordingEvents events = new RecordingEvents();
  private final Nominator nominator = new Nominator();
  private final SchedulerCache cache = new SchedulerCache();
  private final SchedulerMetrics metrics = new SchedulerMetrics();
  private final List<String> statusWrites = new CopyOnWriteArrayList<>();
  private final SchedulingQueue queue;
  private final SchedulingLoop loop;

  SchedulingLoopTest() {
    var profile = new ConfigurationLoader(InTreePlugins.registry()).defaults().profiles().getFirst();
    Services services = new Services(listers, actions, events, nominator, Parallelizer.inline(), clock, new SplittableRandom(1));
    Framework fw = new Framework(profile, InTreePlugins.registry(), services);
    queue = new SchedulingQueue(fw::less, clock, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5),
        Map.of("default-scheduler", fw.eventsToRegister()), nominator);
    FailureHandler failures = new FailureHandler(queue, nominator, listers, events,
        (pod, reason, message, nominated) -> statusWrites.add(pod.name() + " " + reason + ": " + message));
    loop = new SchedulingLoop(queue, cache, Map.of("default-scheduler", fw), new PodScheduler(0, Parallelizer.inline(),
        new SplittableRandom(1)), failures, nominator, Runnable::run, metrics, clock);
  }

  private void submit(Pod pod) {
    listers.pods.add(pod);
    queue.add(pod);
  }

  @Test
  void aPodIsAssumedBoundAndAnnounced() throws Exception {
    cache.addNode(MakeNode.named("n1").obj());
    submit(MakePod.named("p").req("cpu", "1").obj());
    assertThat(loop.scheduleOne()).isTrue();
    assertThat(actions.calls).containsExactly("bind default/p n1");
    assertThat(events.events).containsExactly("Normal Scheduled default/p: Successfully assigned default/p to n1");
    assertThat(cache.isAssumed(listers.pods.getFirst().getMetadata().getUid())).isTrue();
    assertThat(metrics.scheduled.sum()).isEqualTo(1);
    assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0, 0));
  }

  @Test
  void aPodThatFitsNowhereIsReportedAndWaits() throws Exception {
    cache.addNode(MakeNode.named("n1").capacity("cpu", "1", "memory", "1Gi").obj());
    submit(MakePod.named("p").req("cpu", "2").obj());
    loop.scheduleOne();
    String message = "0/1 nodes are available: 1 Insufficient cpu. "
        + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    assertThat(statusWrites).containsExactly("p Unschedulable: " + message);
    assertThat(events.events).containsExactly("Warning FailedScheduling default/p: " + message);
    assertThat(queue.counts().unschedulable()).isEqualTo(1);
    assertThat(metrics.unschedulable.sum()).isEqualTo(1);
  }

  @Test
  void aRefusedBindingFreesTheRoomAndRetriesAfterABackoff() throws Exception {
    cache.addNode(MakeNode.named("n1").obj());
    submit(MakePod.named("p").req("cpu", "1").obj());
    actions.failBindWith = 409;
    loop.scheduleOne();
    assertThat(cache.assumedPodCount()).isZero();
    assertThat(events.events).containsExactly("Warning FailedScheduling default/p: Binding rejected: binding rejected: refused");
    assertThat(statusWrites).singleElement().asString().startsWith("p SchedulerError");
    assertThat(queue.counts().backoff()).isEqualTo(1);
    actions.failBindWith = 0;
    clock.advance(Duration.ofSeconds(1));
    assertThat(loop.scheduleOne()).isTrue();
    assertThat(actions.calls).containsExactly("bind default/p n1");
  }

  @Test
  void aPodDeletedDuringItsCycleIsDropped() throws Exception {
    cache.addNode(MakeNode.named("n1").capacity("cpu", "1", "memory", "1Gi").obj());
    Pod pod = MakePod.named("p").req("cpu", "2").obj();
    queue.add(pod);
    loop.scheduleOne();
    assertThat(statusWrites).isEmpty();
    assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0, 0));
  }
}
