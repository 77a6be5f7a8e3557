package dev.ketch.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.pods.PodStates;
import dev.ketch.controllers.time.FakeClock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node health, NoExecute tainting and zone disruption on a fake clock, upstream defaults. */
class NodeMonitorTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final NodeMonitor monitor = new NodeMonitor(cluster, events, clock, NodeLifecycleControllerConfig.defaults());
  private final FakeObjects<Node> nodes = cluster.objects(Node.class);
  private final FakeObjects<Lease> leases = cluster.objects(Lease.class);
  private final FakeObjects<Pod> pods = cluster.objects(Pod.class);

  private void node(String name, Map<String, String> labels) {
    String now = Timestamps.format(clock.now());
    nodes.add(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewSpec().endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition().endStatus().build());
    leases.add(new LeaseBuilder().withNewMetadata().withName(name).withNamespace("kube-node-lease").endMetadata()
        .withNewSpec().withHolderIdentity(name).withRenewTime(clock.now().atZone(ZoneOffset.UTC)).endSpec().build());
  }

  private void renew(String name) {
    Lease l = leases.get("kube-node-lease", name);
    l.getSpec().setRenewTime(clock.now().atZone(ZoneOffset.UTC));
    leases.put(l);
  }

  private NodeCondition condition(String node, String type) {
    return nodes.get("", node).getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  private List<String> taints(String node) {
    List<Taint> t = nodes.get("", node).getSpec().getTaints();
    return t == null ? List.of() : t.stream().map(x -> x.getKey() + ":" + x.getEffect()).toList();
  }

  /** Passes of the monitor, every 5 s, for {@code total}, with {@code alive} nodes renewing their leases. */
  private void run(Duration total, String... alive) {
    for (long t = 0; t < total.toSeconds(); t += 5) {
      clock.advance(Duration.ofSeconds(5));
      for (String n : alive) {
        renew(n);
      }
      monitor.monitor();
    }
  }

  @Test
  void aNodeThatRenewsItsLeaseStaysReadyWithoutNewHeartbeats() {
    node("a", Map.of());
    monitor.monitor();
    run(Duration.ofMinutes(3), "a");
    assertThat(condition("a", "Ready").getStatus()).isEqualTo("True");
    assertThat(taints("a")).isEmpty();
    assertThat(events.reasons()).containsExactly("RegisteredNode");
  }

  @Test
  void aSilentNodeBecomesUnknownAfterTheGracePeriodAndIsTaintedUnreachable() {
    node("a", Map.of());
    node("b", Map.of());
    pods.add(PodStates.runningAndReady(new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec().build(), "a", clock.now()));
    monitor.monitor();

    run(Duration.ofSeconds(45), "b");
    assertThat(condition("a", "Ready").getStatus()).as("within the 50 s grace period").isEqualTo("True");

    run(Duration.ofSeconds(10), "b");
    NodeCondition ready = condition("a", "Ready");
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(condition("a", "MemoryPressure").getStatus()).isEqualTo("Unknown");
    assertThat(condition("a", "MemoryPressure").getReason()).isEqualTo("NodeStatusNeverUpdated");
    assertThat(taints("a")).containsExactly("node.kubernetes.io/unreachable:NoExecute");
    assertThat(nodes.get("", "a").getSpec().getTaints().getFirst().getTimeAdded()).isNotNull();
    assertThat(condition("b", "Ready").getStatus()).isEqualTo("True");
    assertThat(pods.get("ns", "p").getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
    });
    assertThat(events.reasons()).contains("NodeNotReady");
  }

  @Test
  void aNodeThatSaysNotReadyIsTaintedNotReadyAndUntaintedWhenReadyAgain() {
    node("a", Map.of());
    node("b", Map.of());
    monitor.monitor();
    Node a = nodes.get("", "a");
    a.getStatus().getConditions().getFirst().setStatus("False");
    a.getStatus().getConditions().getFirst().setLastHeartbeatTime(Timestamps.format(clock.now().plusSeconds(1)));
    nodes.put(a);
    run(Duration.ofSeconds(5), "a", "b");
    assertThat(taints("a")).containsExactly("node.kubernetes.io/not-ready:NoExecute");

    a = nodes.get("", "a");
    a.getStatus().getConditions().getFirst().setStatus("True");
    a.getStatus().getConditions().getFirst().setLastHeartbeatTime(Timestamps.format(clock.now().plusSeconds(2)));
    nodes.put(a);
    run(Duration.ofSeconds(5), "a", "b");
    assertThat(taints("a")).isEmpty();
  }

  @Test
  void taintingIsRateLimitedPerZone() {
    for (String n : List.of("a", "b", "c", "d", "e")) {
      node(n, Map.of("topology.kubernetes.io/zone", "z1"));
    }
    monitor.monitor();
    // Two of five silent: the zone stays normal (below 3 and 55 %), tainting at 0.1 per second.
    run(Duration.ofSeconds(55), "c", "d", "e");
    long tainted = List.of("a", "b").stream().filter(n -> !taints(n).isEmpty()).count();
    assertThat(tainted).isEqualTo(1);
    run(Duration.ofSeconds(10), "c", "d", "e");
    assertThat(taints("a")).isNotEmpty();
    assertThat(taints("b")).isNotEmpty();
  }

  @Test
  void whenEveryNodeIsDownNothingIsTainted() {
    node("a", Map.of());
    node("b", Map.of());
    monitor.monitor();
    run(Duration.ofSeconds(70));
    assertThat(condition("a", "Ready").getStatus()).isEqualTo("Unknown");
    assertThat(taints("a")).isEmpty();
    assertThat(taints("b")).isEmpty();
  }

  @Test
  void aPartlyDisruptedSmallZoneStopsTainting() {
    for (String n : List.of("a", "b", "c", "d")) {
      node(n, Map.of());
    }
    monitor.monitor();
    run(Duration.ofSeconds(70), "d");
    assertThat(List.of("a", "b", "c").stream().allMatch(n -> taints(n).isEmpty())).isTrue();
    assertThat(monitor.zoneState(List.of(condition("a", "Ready"), condition("b", "Ready"), condition("c", "Ready"),
        condition("d", "Ready")))).isEqualTo(NodeMonitor.ZoneState.PARTIAL_DISRUPTION);
  }

  @Test
  void aNodeThatNeverPostedItsStatusGetsTheStartupGracePeriod() {
    nodes.add(new NodeBuilder().withNewMetadata().withName("new").endMetadata().withNewSpec().endSpec().build());
    monitor.monitor();
    run(Duration.ofSeconds(55));
    assertThat(nodes.get("", "new").getStatus() == null || nodes.get("", "new").getStatus().getConditions() == null).isTrue();
    run(Duration.ofSeconds(10));
    assertThat(condition("new", "Ready").getReason()).isEqualTo("NodeStatusNeverUpdated");
    assertThat(condition("new", "Ready").getMessage()).isEqualTo("Kubelet never posted node status.");
  }

  @Test
  void deletedNodesAreForgottenWithAnEvent() {
    node("a", Map.of());
    monitor.monitor();
    nodes.remove("", "a");
    monitor.monitor();
    assertThat(events.reasons()).containsExactly("RegisteredNode", "RemovingNode");
  }

  @Test
  void noScheduleTaintsFollowConditionsAndSchedulability() {
    node("a", Map.of());
    Node a = nodes.get("", "a");
    a.getSpec().setUnschedulable(true);
    a.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.NodeConditionBuilder().withType("DiskPressure")
        .withStatus("True").build());
    nodes.put(a);
    NoScheduleTaints taintsSync = new NoScheduleTaints(cluster, clock);
    taintsSync.sync(dev.ketch.controllers.framework.ObjectKey.clusterScoped("a"));
    assertThat(taints("a")).containsExactlyInAnyOrder("node.kubernetes.io/disk-pressure:NoSchedule",
        "node.kubernetes.io/unschedulable:NoSchedule");

    a = nodes.get("", "a");
    a.getSpec().setUnschedulable(false);
    a.getSpec().getTaints().add(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("mine").withEffect("NoSchedule").build());
    nodes.put(a);
    taintsSync.sync(dev.ketch.controllers.framework.ObjectKey.clusterScoped("a"));
    assertThat(taints("a")).containsExactlyInAnyOrder("node.kubernetes.io/disk-pressure:NoSchedule", "mine:NoSchedule");
  }
}
