package dev.ketch.controllers.replicaset;

import static dev.ketch.controllers.fake.TestObjects.NS;
import static dev.ketch.controllers.fake.TestObjects.controllerRef;
import static dev.ketch.controllers.fake.TestObjects.pod;
import static dev.ketch.controllers.fake.TestObjects.replicaSet;
import static dev.ketch.controllers.fake.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeResource;
import dev.ketch.controllers.framework.Expectations;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.queue.WorkQueue;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the ReplicaSet controller's handlers queue and which expectations they meet. */
class ReplicaSetEventHandlersTest {

  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final ObjectKey WEB = new ObjectKey(NS, "web");

  private final FakeClock clock = new FakeClock();
  private final FakeApi api = new FakeApi(clock);
  private final FakeResource<ReplicaSet> sets = api.of(ReplicaSet.class);
  private final WorkQueue<ObjectKey> queue = WorkQueue.withDefaultRateLimiter("test", clock);
  private final Expectations<ObjectKey> expectations = new Expectations<>(clock);
  private final ReplicaSetEventHandlers handlers = new ReplicaSetEventHandlers(ReplicatedKind.REPLICA_SET, sets.cache(), queue, expectations);

  private List<ObjectKey> drain() {
    List<ObjectKey> keys = new ArrayList<>();
    for (ObjectKey k = queue.poll(); k != null; k = queue.poll()) {
      keys.add(k);
      queue.done(k);
    }
    return keys;
  }

  @Test
  void anOwnedPodAddedMeetsACreationExpectationOfItsOwner() {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    sets.add(replicaSet("other", 1, LABELS));
    expectations.expectCreations(WEB, 1);

    handlers.podAdded(pod("p", LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).endMetadata().build());

    assertThat(drain()).containsExactly(WEB);
    assertThat(expectations.satisfied(WEB)).isTrue();
  }

  @Test
  void anOrphanAddedQueuesEveryReplicaSetSelectingIt() {
    sets.add(replicaSet("web", 1, LABELS));
    sets.add(replicaSet("web-too", 1, LABELS));
    sets.add(replicaSet("api", 1, Map.of("app", "api")));

    handlers.podAdded(pod("p", LABELS).build());

    assertThat(drain()).containsExactlyInAnyOrder(WEB, new ObjectKey(NS, "web-too"));
  }

  @Test
  void aReferenceToAReplaceedOwnerIsIgnored() {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    Pod p = pod("p", LABELS).editMetadata().withOwnerReferences(controllerRef(new ReplicaSetBuilder(rs).editMetadata()
        .withUid("another-uid").endMetadata().build())).endMetadata().build();

    handlers.podAdded(p);

    assertThat(drain()).isEmpty();
  }

  @Test
  void aPodStartingToTerminateCountsAsDeleted() {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    Pod p = pod("p", LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).withResourceVersion("1").endMetadata().build();
    expectations.expectDeletions(WEB, java.util.Set.of(NS + "/p"));

    handlers.podUpdated(p, new PodBuilder(p).editMetadata().withResourceVersion("2").withDeletionTimestamp(clock.now().toString())
        .endMetadata().build());

    assertThat(expectations.satisfied(WEB)).isTrue();
    assertThat(drain()).containsExactly(WEB);
  }

  @Test
  void aPodTurningReadyComesBackAfterMinReadySeconds() {
    ReplicaSet rs = sets.add(new ReplicaSetBuilder(replicaSet("web", 1, LABELS)).editSpec().withMinReadySeconds(5).endSpec().build());
    Pod p = running(pod("p", LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).withResourceVersion("1").endMetadata().build(),
        "n1", null);
    Pod ready = new PodBuilder(running(p, "n1", clock.now())).editMetadata().withResourceVersion("2").endMetadata().build();

    handlers.podUpdated(p, ready);

    assertThat(drain()).containsExactly(WEB);
    assertThat(queue.waitingCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(6));
    assertThat(drain()).containsExactly(WEB);
  }

  @Test
  void aReleasedPodQueuesItsFormerOwnerAndItsNewCandidates() {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    sets.add(replicaSet("api", 1, Map.of("app", "api")));
    Pod owned = pod("p", LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).withResourceVersion("1").endMetadata().build();
    Pod relabelled = pod("p", Map.of("app", "api")).editMetadata().withResourceVersion("2").endMetadata().build();

    handlers.podUpdated(owned, relabelled);

    assertThat(drain()).containsExactlyInAnyOrder(WEB, new ObjectKey(NS, "api"));
  }

  @Test
  void aResyncWithTheSameVersionQueuesNothing() {
    ReplicaSet rs = sets.add(replicaSet("web", 1, LABELS));
    Pod p = pod("p", LABELS).editMetadata().withOwnerReferences(controllerRef(rs)).withResourceVersion("1").endMetadata().build();

    handlers.podUpdated(p, p);

    assertThat(drain()).isEmpty();
  }
}
