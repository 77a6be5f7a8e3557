package dev.ketch.scheduler.plugins.podtopologyspread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestHandle;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodTopologySpreadTest {

  private static final String ZONE = "topology.kubernetes.io/zone";
  private static final String HOST = "kubernetes.io/hostname";

  private static PodInfo web(String name, String node) {
    return MakePod.named(name).node(node).label("app", "web").info();
  }

  /** Zone a: a1 (2 web pods), a2 (1); zone b: b1 (1); zone c: c1 (none); plus a node without a zone. */
  private static List<NodeInfo> cluster() {
    return List.of(
        MakeNode.named("a1").zone("a").info(web("w1", "a1"), web("w2", "a1")),
        MakeNode.named("a2").zone("a").info(web("w3", "a2")),
        MakeNode.named("b1").zone("b").info(web("w4", "b1")),
        MakeNode.named("c1").zone("c").info(),
        MakeNode.named("nozone").info());
  }

  static Stream<Arguments> filterCases() {
    return Stream.of(
        Arguments.of(Named.of("zone maxSkew 1: only the empty zone",
            MakePod.named("p").label("app", "web").spread(1, ZONE, "DoNotSchedule", "app", "web")), List.of("c1")),
        Arguments.of(Named.of("zone maxSkew 2: zones b and c",
            MakePod.named("p").label("app", "web").spread(2, ZONE, "DoNotSchedule", "app", "web")), List.of("b1", "c1")),
        Arguments.of(Named.of("host maxSkew 1: the emptiest hosts (nozone counts as a host)",
            MakePod.named("p").label("app", "web").spread(1, HOST, "DoNotSchedule", "app", "web")), List.of("c1", "nozone")),
        Arguments.of(Named.of("a pod that does not match its own selector adds nothing",
            MakePod.named("p").spread(1, ZONE, "DoNotSchedule", "app", "web")), List.of("b1", "c1")),
        Arguments.of(Named.of("ScheduleAnyway does not filter",
            MakePod.named("p").label("app", "web").spread(1, ZONE, "ScheduleAnyway", "app", "web")),
            List.of("a1", "a2", "b1", "c1", "nozone")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void filter(MakePod pod, List<String> passing) {
    List<NodeInfo> nodes = cluster();
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    CycleState state = new CycleState();
    PodInfo p = pod.info();
    Status pre = plugin.preFilter(state, p, nodes).status();
    List<String> passed = new ArrayList<>();
    for (NodeInfo n : nodes) {
      if (pre.isSkip() || plugin.filter(state, p, n).isSuccess()) {
        passed.add(n.name());
      }
    }
    assertThat(passed).containsExactlyElementsOf(passing);
  }

  @Test
  void fewerDomainsThanMinDomainsMakeTheGlobalMinimumZero() {
    List<NodeInfo> nodes = List.of(MakeNode.named("a1").zone("a").info(web("w1", "a1"), web("w2", "a1")),
        MakeNode.named("b1").zone("b").info(web("w3", "b1")));
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    PodInfo two = MakePod.named("p").label("app", "web").spread(1, ZONE, "DoNotSchedule", "app", "web", 2, null, null).info();
    CycleState state = new CycleState();
    plugin.preFilter(state, two, nodes);
    assertThat(plugin.filter(state, two, nodes.get(1)).isSuccess()).isTrue();
    PodInfo three = MakePod.named("p").label("app", "web").spread(1, ZONE, "DoNotSchedule", "app", "web", 3, null, null).info();
    CycleState s3 = new CycleState();
    plugin.preFilter(s3, three, nodes);
    assertThat(plugin.filter(s3, three, nodes.get(1)).isSuccess()).isFalse();
  }

  @Test
  void nodesWithoutTheTopologyKeyAreUnresolvable() {
    List<NodeInfo> nodes = cluster();
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    CycleState state = new CycleState();
    PodInfo p = MakePod.named("p").label("app", "web").spread(1, ZONE, "DoNotSchedule", "app", "web").info();
    plugin.preFilter(state, p, nodes);
    Status s = plugin.filter(state, p, nodes.getLast());
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.reasons()).containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
    assertThat(plugin.filter(state, p, nodes.getFirst()).reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
  }

  @Test
  void nodeAffinityPolicyHonorCountsOnlyMatchingNodes() {
    List<NodeInfo> nodes = cluster();
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    // Only zones a and b are eligible: b has 1 web pod, a has 3; the global minimum is 1.
    PodInfo honor = MakePod.named("p").label("app", "web").nodeAffinityIn(ZONE, "In", "a", "b")
        .spread(1, ZONE, "DoNotSchedule", "app", "web").info();
    CycleState state = new CycleState();
    plugin.preFilter(state, honor, nodes);
    assertThat(plugin.filter(state, honor, nodes.get(2)).isSuccess()).isTrue();
    assertThat(plugin.filter(state, honor, nodes.get(0)).isSuccess()).isFalse();
    // With Ignore, empty zone c counts: minimum 0, so b (1 + 1 − 0 = 2) fails.
    PodInfo ignore = MakePod.named("p").label("app", "web").nodeAffinityIn(ZONE, "In", "a", "b")
        .spread(1, ZONE, "DoNotSchedule", "app", "web", null, "Ignore", null).info();
    CycleState s2 = new CycleState();
    plugin.preFilter(s2, ignore, nodes);
    assertThat(plugin.filter(s2, ignore, nodes.get(2)).isSuccess()).isFalse();
  }

  @Test
  void nodeTaintsPolicyHonorSkipsTaintedNodes() {
    List<NodeInfo> nodes = List.of(
        MakeNode.named("a1").zone("a").info(),
        MakeNode.named("b1").zone("b").taint("k", "v", "NoSchedule").info(),
        MakeNode.named("b2").zone("b").info(web("w1", "b2")));
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    PodInfo p = MakePod.named("p").label("app", "web").spread(1, ZONE, "DoNotSchedule", "app", "web", null, null, "Honor").info();
    CycleState state = new CycleState();
    plugin.preFilter(state, p, nodes);
    assertThat(plugin.filter(state, p, nodes.get(0)).isSuccess()).isTrue();
    assertThat(plugin.filter(state, p, nodes.get(2)).isSuccess()).isFalse();
  }

  @Test
  void scoringPrefersTheEmptiestDomains() {
    List<NodeInfo> nodes = cluster().subList(0, 4);
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    PodInfo p = MakePod.named("p").label("app", "web").spread(1, ZONE, "ScheduleAnyway", "app", "web").info();
    CycleState state = new CycleState();
    assertThat(plugin.preScore(state, p, nodes).isSuccess()).isTrue();
    long[] scores = nodes.stream().mapToLong(n -> plugin.score(state, p, n)).toArray();
    plugin.normalize(state, p, nodes, scores);
    assertThat(scores[3]).isEqualTo(100);
    assertThat(scores[2]).isGreaterThan(scores[0]).isLessThan(100);
    assertThat(scores[0]).isEqualTo(scores[1]);
  }

  @Test
  void podsOfAServiceAreSpreadByDefault() {
    List<NodeInfo> nodes = List.of(MakeNode.named("a1").zone("a").info(web("w1", "a1"), web("w2", "a1")),
        MakeNode.named("b1").zone("b").info(web("w3", "b1")), MakeNode.named("b2").zone("b").info());
    TestHandle h = TestHandle.of(nodes.toArray(NodeInfo[]::new));
    h.listers.services.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().addToSelector("app", "web").endSpec().build());
    PodTopologySpread plugin = new PodTopologySpread(PodTopologySpreadArgs.DEFAULT, h);
    PodInfo p = MakePod.named("p").label("app", "web").info();
    CycleState state = new CycleState();
    assertThat(plugin.preFilter(state, p, nodes).status().isSkip()).isTrue();
    assertThat(plugin.preScore(state, p, nodes).isSuccess()).isTrue();
    long[] scores = nodes.stream().mapToLong(n -> plugin.score(state, p, n)).toArray();
    plugin.normalize(state, p, nodes, scores);
    assertThat(scores[2]).isGreaterThan(scores[1]).isGreaterThan(scores[0]);
    // A pod that no Service or controller selects is not spread.
    assertThat(plugin.preScore(new CycleState(), MakePod.named("q").label("app", "other").info(), nodes).isSkip()).isTrue();
  }
}
