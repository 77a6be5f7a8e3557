package dev.ketch.controllers.tainteviction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.pods.PodStates;
import dev.ketch.controllers.pods.Pods;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintEvictionSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final TaintEvictionSync sync = new TaintEvictionSync(cluster, events, clock);
  private final FakeObjects<Node> nodes = cluster.objects(Node.class);
  private final FakeObjects<Pod> pods = cluster.objects(Pod.class);
  private static final ObjectKey POD = new ObjectKey("ns", "p");

  private static final Taint UNREACHABLE = new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").build();

  private void node(Taint... taints) {
    nodes.put(new NodeBuilder().withNewMetadata().withName("n").withUid("node-uid").endMetadata().withNewSpec().withTaints(taints).endSpec()
        .build());
  }

  private void pod(Toleration... tolerations) {
    pods.add(PodStates.runningAndReady(new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
        .withNewSpec().withTolerations(tolerations).addNewContainer().withName("c").withImage("x").endContainer().endSpec().build(),
        "n", clock.now()));
  }

  private static Toleration tolerate(String key, Long seconds) {
    return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(seconds).build();
  }

  @Test
  void aPodThatDoesNotTolerateTheTaintIsEvictedAtOnce() {
    node(UNREACHABLE);
    pod();
    sync.sync(POD);
    Pod p = pods.get("ns", "p");
    assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(Pods.condition(p, "DisruptionTarget").getReason()).isEqualTo("DeletionByTaintManager");
    assertThat(Pods.condition(p, "DisruptionTarget").getMessage()).isEqualTo("Taint manager: deleting due to NoExecute taint");
    assertThat(events.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("TaintManagerEviction");
      assertThat(e.message()).isEqualTo("Marking for deletion Pod ns/p");
    });
  }

  @Test
  void aPodIsEvictedWhenItsTolerationSecondsRunOut() {
    node(UNREACHABLE);
    pod(tolerate("node.kubernetes.io/unreachable", 300L));
    Result r = sync.sync(POD);
    assertThat(r).isEqualTo(Result.requeueAfter(Duration.ofSeconds(300)));
    clock.advance(Duration.ofSeconds(200));
    assertThat(sync.sync(POD)).as("counted from when it was first seen").isEqualTo(Result.requeueAfter(Duration.ofSeconds(100)));
    assertThat(pods.get("ns", "p").getMetadata().getDeletionTimestamp()).isNull();
    clock.advance(Duration.ofSeconds(100));
    sync.sync(POD);
    assertThat(pods.get("ns", "p").getMetadata().getDeletionTimestamp()).isNotNull();
  }

  @Test
  void removingTheTaintCancelsTheEviction() {
    node(UNREACHABLE);
    pod(tolerate("node.kubernetes.io/unreachable", 300L));
    sync.sync(POD);
    node();
    sync.sync(POD);
    assertThat(events.events()).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("Cancelling deletion of Pod ns/p"));
    clock.advance(Duration.ofSeconds(400));
    node(UNREACHABLE);
    assertThat(sync.sync(POD)).as("a new taint starts a new count").isEqualTo(Result.requeueAfter(Duration.ofSeconds(300)));
  }

  @Test
  void aTolerationWithoutSecondsToleratesForever() {
    node(UNREACHABLE);
    pod(tolerate("node.kubernetes.io/unreachable", null));
    assertThat(sync.sync(POD)).isEqualTo(Result.done());
    assertThat(pods.get("ns", "p").getMetadata().getDeletionTimestamp()).isNull();
  }

  @Test
  void theShortestTolerationWins() {
    node(UNREACHABLE, new TaintBuilder().withKey("maintenance").withEffect("NoExecute").build());
    pod(tolerate("node.kubernetes.io/unreachable", 300L), tolerate("maintenance", 30L));
    assertThat(sync.sync(POD)).isEqualTo(Result.requeueAfter(Duration.ofSeconds(30)));
  }

  @Test
  void noScheduleTaintsDoNotEvict() {
    node(new TaintBuilder().withKey("x").withEffect("NoSchedule").build());
    pod();
    sync.sync(POD);
    assertThat(pods.get("ns", "p").getMetadata().getDeletionTimestamp()).isNull();
    assertThat(TaintEvictionSync.noExecuteTaints(nodes.get("", "n"))).isEmpty();
    assertThat(List.of()).isEmpty();
  }
}
