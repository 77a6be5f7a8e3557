package dev.ketch.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.framework.ClusterEventWithHint;
import dev.ketch.scheduler.framework.QueuedPodInfo;
import dev.ketch.scheduler.plugins.queuesort.PrioritySort;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulingQueueTest {

  private final MutableClock clock = MutableClock.atEpoch();
  private final Nominator nominator = new Nominator();
  /** "Fit" retries on node adds where the node is big enough (its hint) and on assigned pod deletes; "Ports" only on deletes. */
  private final SchedulingQueue queue = new SchedulingQueue(new PrioritySort()::less, clock, Duration.ofSeconds(1),
      Duration.ofSeconds(10), Duration.ofMinutes(5), Map.of("default-scheduler", Map.of(
          "Fit", List.of(ClusterEventWithHint.of(ClusterEvent.Resource.NODE, ClusterEvent.ADD,
              (pod, o, n) -> !((Node) n).getMetadata().getName().startsWith("tiny")),
              ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.DELETE)),
          "Ports", List.of(ClusterEventWithHint.of(ClusterEvent.Resource.ASSIGNED_POD, ClusterEvent.DELETE)))),
      nominator);

  private QueuedPodInfo popAndFail(String plugin) {
    QueuedPodInfo q = queue.tryPop();
    q.setUnschedulablePlugins(Set.of(plugin));
    queue.requeue(q, queue.schedulingCycle(), false);
    return q;
  }

  @Test
  void popsByPriorityThenAge() {
    queue.add(MakePod.named("low").priority(1).obj());
    clock.advance(Duration.ofMillis(1));
    queue.add(MakePod.named("high-later").priority(5).obj());
    clock.advance(Duration.ofMillis(1));
    queue.add(MakePod.named("high-latest").priority(5).obj());
    assertThat(List.of(queue.tryPop(), queue.tryPop(), queue.tryPop())).extracting(q -> q.podInfo().name())
        .containsExactly("high-later", "high-latest", "low");
    assertThat(queue.tryPop()).isNull();
  }

  @Test
  void anUnschedulablePodWaitsForAnEventItsPluginRegistered() {
    queue.add(MakePod.named("p").obj());
    popAndFail("Fit");
    assertThat(queue.counts().unschedulable()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(60));
    assertThat(queue.tryPop()).as("no polling: time alone does not retry it").isNull();
    queue.onEvent(ClusterEvent.NODE_ADD, null, MakeNode.named("tiny-1").obj());
    assertThat(queue.tryPop()).as("the hint says a tiny node cannot help").isNull();
    queue.onEvent(new ClusterEvent(ClusterEvent.Resource.NODE, ClusterEvent.UPDATE_NODE_LABEL), null, MakeNode.named("n").obj());
    assertThat(queue.tryPop()).as("an event Fit did not register for").isNull();
    queue.onEvent(ClusterEvent.NODE_ADD, null, MakeNode.named("big-1").obj());
    assertThat(queue.tryPop()).isNotNull();
  }

  @Test
  void eventsOnlyRetryPodsWhoseRejectorsCare() {
    queue.add(MakePod.named("ports").obj());
    popAndFail("Ports");
    queue.onEvent(ClusterEvent.NODE_ADD, null, MakeNode.named("big").obj());
    assertThat(queue.counts().unschedulable()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETE, MakePod.named("gone").obj(), null);
    assertThat(queue.tryPop().podInfo().name()).isEqualTo("ports");
  }

  @Test
  void aMovedPodStillBacksOff() {
    queue.add(MakePod.named("p").obj());
    popAndFail("Fit");
    queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETE, MakePod.named("gone").obj(), null);
    assertThat(queue.counts().backoff()).isEqualTo(1);
    assertThat(queue.tryPop()).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.tryPop()).isNotNull();
  }

  @ParameterizedTest(name = "after {0} attempts the backoff is {1} s")
  @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 10", "9, 10"})
  void backoffDoublesUpToTheMaximum(int attempts, long seconds) {
    assertThat(queue.backoffDuration(attempts)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void errorsGoToBackoffWithoutWaitingForEvents() {
    queue.add(MakePod.named("p").obj());
    QueuedPodInfo q = queue.tryPop();
    queue.requeue(q, queue.schedulingCycle(), true);
    assertThat(queue.tryPop()).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.tryPop()).isNotNull();
  }

  @Test
  void anEventDuringTheCycleSendsTheFailedPodToBackoff() {
    queue.add(MakePod.named("p").obj());
    QueuedPodInfo q = queue.tryPop();
    queue.onEvent(ClusterEvent.NODE_ADD, null, MakeNode.named("big").obj());
    q.setUnschedulablePlugins(Set.of("Fit"));
    queue.requeue(q, queue.schedulingCycle(), false);
    assertThat(queue.counts().backoff()).isEqualTo(1);
  }

  @Test
  void podsWaitingTooLongAreRetriedAnyway() {
    queue.add(MakePod.named("p").obj());
    popAndFail("Ports");
    clock.advance(Duration.ofMinutes(5));
    assertThat(queue.tryPop()).isNotNull();
  }

  @Test
  void statusOnlyUpdatesDoNotRetryButSpecUpdatesDo() {
    Pod pod = MakePod.named("p").obj();
    queue.add(pod);
    popAndFail("Fit");
    Pod statusChanged = new io.fabric8.kubernetes.api.model.PodBuilder(pod).editStatus().withMessage("x").endStatus().build();
    queue.update(pod, statusChanged);
    assertThat(queue.counts().unschedulable()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    Pod tolerated = new io.fabric8.kubernetes.api.model.PodBuilder(pod).editSpec().addNewToleration().withKey("k")
        .withOperator("Exists").endToleration().endSpec().build();
    queue.update(statusChanged, tolerated);
    assertThat(queue.tryPop().podInfo().pod().getSpec().getTolerations()).hasSize(1);
  }

  @Test
  void gatedPodsWaitUntilTheirGatesAreRemoved() {
    Pod gated = MakePod.named("g").obj();
    gated.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/wait")));
    queue.add(gated);
    queue.onEvent(ClusterEvent.NODE_ADD, null, MakeNode.named("big").obj());
    assertThat(queue.tryPop()).isNull();
    Pod open = new io.fabric8.kubernetes.api.model.PodBuilder(gated).editSpec().withSchedulingGates(List.of()).endSpec().build();
    queue.update(gated, open);
    assertThat(queue.tryPop().podInfo().name()).isEqualTo("g");
  }

  @Test
  void deletedPodsLeaveWhereverTheyAre() {
    Pod a = MakePod.named("a").obj();
    Pod b = MakePod.named("b").obj();
    queue.add(a);
    queue.add(b);
    QueuedPodInfo popped = queue.tryPop();
    queue.delete(a);
    queue.delete(b);
    queue.requeue(popped, queue.schedulingCycle(), false);
    assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0, 0));
  }

  @Test
  void nominationsFollowPodStatus() {
    Pod p = MakePod.named("p").nominatedNode("n1").obj();
    queue.add(p);
    assertThat(nominator.nominatedPodsForNode("n1")).extracting(i -> i.name()).containsExactly("p");
    queue.delete(p);
    assertThat(nominator.nominatedPodsForNode("n1")).isEmpty();
  }

  @Test
  void popWaitsUntilClosed() throws Exception {
    Thread closer = Thread.ofVirtual().start(queue::close);
    assertThat(queue.pop()).isNull();
    closer.join();
  }
}
