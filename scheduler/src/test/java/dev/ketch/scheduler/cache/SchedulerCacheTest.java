package dev.ketch.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

  private final SchedulerCache cache = new SchedulerCache();
  private final Snapshot snapshot = new Snapshot();

  @Test
  void assumedPodsCountBeforeTheyAreBound() {
    cache.addNode(MakeNode.named("n1").obj());
    PodInfo pod = MakePod.named("p").req("cpu", "1").info();
    cache.assumePod(pod.withNodeName("n1"));
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.get("n1").requested().milliCpu()).isEqualTo(1000);
    assertThat(cache.isAssumed(pod.uid())).isTrue();
    assertThatThrownBy(() -> cache.assumePod(pod.withNodeName("n1"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theInformerConfirmsAnAssumedPodWherePlacedAndMovesItIfNeeded() {
    cache.addNode(MakeNode.named("n1").obj());
    cache.addNode(MakeNode.named("n2").obj());
    var pod = MakePod.named("p").req("cpu", "1");
    PodInfo info = pod.info();
    cache.assumePod(info.withNodeName("n1"));
    cache.addPod(pod.node("n2").obj());
    cache.updateSnapshot(snapshot);
    assertThat(cache.isAssumed(info.uid())).isFalse();
    assertThat(snapshot.get("n1").requested().milliCpu()).isZero();
    assertThat(snapshot.get("n2").requested().milliCpu()).isEqualTo(1000);
  }

  @Test
  void aForgottenPodFreesItsRoom() {
    cache.addNode(MakeNode.named("n1").obj());
    PodInfo info = MakePod.named("p").req("cpu", "1").info().withNodeName("n1");
    cache.assumePod(info);
    cache.forgetPod(info);
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.get("n1").pods()).isEmpty();
  }

  @Test
  void snapshotsCopyOnlyWhatChangedAndKeepTheirListsValid() {
    cache.addNode(MakeNode.named("n1").obj());
    cache.addNode(MakeNode.named("n2").obj());
    cache.updateSnapshot(snapshot);
    NodeInfo n1 = snapshot.get("n1");
    NodeInfo n2 = snapshot.get("n2");
    cache.addPod(MakePod.named("p").node("n2").req("cpu", "1").obj());
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.get("n1")).isSameAs(n1);
    assertThat(snapshot.get("n2")).isSameAs(n2);
    assertThat(snapshot.nodes()).containsExactly(n1, n2);
    assertThat(n2.requested().milliCpu()).isEqualTo(1000);
    assertThat(n1.generation()).isLessThan(n2.generation());
  }

  @Test
  void nodesWithAffinityPodsAreListed() {
    cache.addNode(MakeNode.named("n1").obj());
    cache.addNode(MakeNode.named("n2").obj());
    cache.addPod(MakePod.named("p").node("n2").podAntiAffinity("kubernetes.io/hostname", "app", "x").obj());
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.nodesWithRequiredAntiAffinityPods()).extracting(NodeInfo::name).containsExactly("n2");
    assertThat(snapshot.nodesWithAffinityPods()).extracting(NodeInfo::name).containsExactly("n2");
  }

  @Test
  void aRemovedNodeLeavesTheSnapshotEvenWhilePodsRemain() {
    var node = MakeNode.named("n1").obj();
    cache.addNode(node);
    cache.addNode(MakeNode.named("n2").obj());
    var pod = MakePod.named("p").node("n1").obj();
    cache.addPod(pod);
    cache.updateSnapshot(snapshot);
    cache.removeNode(node);
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.nodes()).extracting(NodeInfo::name).containsExactly("n2");
    cache.removePod(pod);
    cache.addNode(node);
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.nodes()).extracting(NodeInfo::name).containsExactly("n2", "n1");
    assertThat(snapshot.get("n1").pods()).isEmpty();
  }

  @Test
  void podsArrivingBeforeTheirNodeAreKept() {
    cache.addPod(MakePod.named("p").node("late").req("cpu", "1").obj());
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.nodes()).isEmpty();
    cache.addNode(MakeNode.named("late").obj());
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.get("late").requested().milliCpu()).isEqualTo(1000);
  }

  @Test
  void imagesAreCountedAcrossNodes() {
    cache.addNode(MakeNode.named("n1").image("nginx:1", 10).obj());
    cache.addNode(MakeNode.named("n2").image("nginx:1", 10).image("redis", 5).obj());
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.imageNodeCount("nginx:1")).isEqualTo(2);
    assertThat(snapshot.imageNodeCount("redis:latest")).isEqualTo(1);
  }
}
