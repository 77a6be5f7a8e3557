package dev.ketch.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.pods.PodStates;
import dev.ketch.controllers.time.FakeClock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodGcSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeObjects<Pod> pods = cluster.objects(Pod.class);
  private final FakeObjects<Node> nodes = cluster.objects(Node.class);

  private Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns")
        .withCreationTimestamp(Timestamps.format(clock.now())).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec().build();
  }

  private List<String> names() {
    return pods.list("ns").stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  @Test
  void terminatedPodsBeyondTheThresholdGoOldestFirst() {
    nodes.add(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build());
    for (int i = 0; i < 4; i++) {
      pods.add(PodStates.terminated(pod("done-" + i), "n", 0, clock.now()));
      clock.advance(Duration.ofSeconds(1));
    }
    pods.add(PodStates.runningAndReady(pod("running"), "n", clock.now()));
    new PodGcSync(cluster, clock, new PodGcControllerConfig(2, Duration.ofSeconds(20), Duration.ofSeconds(40))).gc();
    assertThat(names()).containsExactly("done-2", "done-3", "running");
    assertThat(pods.actions("delete")).allSatisfy(a -> assertThat(a.deletion().gracePeriodSeconds()).isZero());
  }

  @Test
  void podsOfAVanishedNodeAreFailedAndDeletedAfterTheQuarantine() {
    pods.add(PodStates.runningAndReady(pod("orphan"), "gone", clock.now()));
    PodGcSync gc = new PodGcSync(cluster, clock, PodGcControllerConfig.defaults());
    gc.gc();
    assertThat(names()).containsExactly("orphan");
    clock.advance(Duration.ofSeconds(40));
    gc.gc();
    assertThat(names()).isEmpty();
    Pod marked = (Pod) pods.actions("updateStatus").getFirst().object();
    assertThat(marked.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(marked.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionTarget");
      assertThat(c.getReason()).isEqualTo("DeletionByPodGC");
      assertThat(c.getMessage()).isEqualTo("PodGC: node no longer exists");
    });
  }

  @Test
  void unscheduledPodsBeingDeletedAreForceDeleted() {
    Pod p = pod("stuck");
    p.getMetadata().setFinalizers(List.of("example.com/hold"));
    pods.add(p);
    pods.delete("ns", "stuck", dev.ketch.controllers.objects.Deletion.plain());
    new PodGcSync(cluster, clock, PodGcControllerConfig.defaults()).gc();
    assertThat(pods.actions("delete")).last().satisfies(a -> assertThat(a.deletion().gracePeriodSeconds()).isZero());
  }
}
