package dev.ketch.scheduler.plugins.interpodaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestHandle;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InterPodAffinityTest {

  private static final String ZONE = "topology.kubernetes.io/zone";
  private static final String HOST = "kubernetes.io/hostname";

  /** Zone a: n1 (runs a "db" pod), n2; zone b: n3 (runs a "web" pod with anti-affinity to "batch" in its zone). */
  private static List<NodeInfo> cluster() {
    return List.of(
        MakeNode.named("n1").zone("a").info(MakePod.named("db").node("n1").label("app", "db").info()),
        MakeNode.named("n2").zone("a").info(),
        MakeNode.named("n3").zone("b").info(MakePod.named("web").node("n3").label("app", "web").podAntiAffinity(ZONE, "app", "batch")
            .info()),
        MakeNode.named("n4").info());
  }

  static Stream<Arguments> filterCases() {
    return Stream.of(
        Arguments.of(Named.of("no terms", MakePod.named("p")), List.of("n1", "n2", "n3", "n4"), null),
        Arguments.of(Named.of("affinity to db by zone", MakePod.named("p").podAffinity(ZONE, "app", "db")), List.of("n1", "n2"),
            "node(s) didn't match pod affinity rules"),
        Arguments.of(Named.of("affinity to db by host", MakePod.named("p").podAffinity(HOST, "app", "db")), List.of("n1"),
            "node(s) didn't match pod affinity rules"),
        Arguments.of(Named.of("anti-affinity to db by zone", MakePod.named("p").podAntiAffinity(ZONE, "app", "db")),
            List.of("n3", "n4"), "node(s) didn't match pod anti-affinity rules"),
        Arguments.of(Named.of("existing pod's anti-affinity keeps batch out of zone b", MakePod.named("p").label("app", "batch")),
            List.of("n1", "n2", "n4"), "node(s) didn't satisfy existing pods anti-affinity rules"),
        Arguments.of(Named.of("first pod of a self-affine group goes anywhere its key exists",
            MakePod.named("p").label("app", "cache").podAffinity(ZONE, "app", "cache")), List.of("n1", "n2", "n3"),
            "node(s) didn't match pod affinity rules"),
        Arguments.of(Named.of("affinity to nothing that exists", MakePod.named("p").podAffinity(ZONE, "app", "missing")),
            List.of(), "node(s) didn't match pod affinity rules"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void filter(MakePod pod, List<String> passing, String reason) {
    List<NodeInfo> nodes = cluster();
    InterPodAffinity plugin = new InterPodAffinity(InterPodAffinityArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    CycleState state = new CycleState();
    PodInfo p = pod.info();
    Status pre = plugin.preFilter(state, p, nodes).status();
    if (pre.isSkip()) {
      assertThat(passing).hasSize(nodes.size());
      return;
    }
    for (NodeInfo n : nodes) {
      Status s = plugin.filter(state, p, n);
      assertThat(s.isSuccess()).as(n.name() + ": " + s).isEqualTo(passing.contains(n.name()));
      if (!s.isSuccess()) {
        assertThat(s.reasons()).containsExactly(reason);
      }
    }
  }

  @Test
  void affinityTermsWithNamespaceSelectorsLookAtNamespaceLabels() {
    NodeInfo n1 = MakeNode.named("n1").zone("a").info(MakePod.named("db").namespace("prod").node("n1").label("app", "db").info());
    NodeInfo n2 = MakeNode.named("n2").zone("b").info();
    TestHandle h = TestHandle.of(n1, n2);
    h.listers.namespaceLabels.put("prod", Map.of("env", "prod"));
    var pod = MakePod.named("p").podAffinity(ZONE, "app", "db").obj();
    pod.getSpec().getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getFirst()
        .setNamespaceSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(Map.of("env", "prod")).build());
    InterPodAffinity plugin = new InterPodAffinity(InterPodAffinityArgs.DEFAULT, h);
    CycleState state = new CycleState();
    PodInfo p = PodInfo.of(pod);
    plugin.preFilter(state, p, h.nodes());
    assertThat(plugin.filter(state, p, n1).isSuccess()).isTrue();
    assertThat(plugin.filter(state, p, n2).isSuccess()).isFalse();
  }

  @Test
  void removingAVictimUpdatesTheCounts() {
    List<NodeInfo> nodes = cluster();
    InterPodAffinity plugin = new InterPodAffinity(InterPodAffinityArgs.DEFAULT, TestHandle.of(nodes.toArray(NodeInfo[]::new)));
    CycleState state = new CycleState();
    PodInfo p = MakePod.named("p").podAntiAffinity(ZONE, "app", "db").info();
    plugin.preFilter(state, p, nodes);
    NodeInfo n1 = nodes.getFirst().copy();
    PodInfo db = n1.pods().getFirst();
    n1.removePod(db);
    CycleState copy = state.copy();
    plugin.removePod(copy, p, db, n1);
    assertThat(plugin.filter(copy, p, n1).isSuccess()).isTrue();
    assertThat(plugin.filter(state, p, nodes.getFirst()).isSuccess()).isFalse();
  }

  @Test
  void preferredTermsAndExistingPodsTermsScore() {
    List<NodeInfo> nodes = List.of(
        MakeNode.named("n1").zone("a").info(MakePod.named("db").node("n1").label("app", "db").info()),
        MakeNode.named("n2").zone("b").info(MakePod.named("web").node("n2").label("app", "web").info()),
        MakeNode.named("n3").zone("c").info());
    TestHandle h = TestHandle.of(nodes.toArray(NodeInfo[]::new));
    InterPodAffinity plugin = new InterPodAffinity(InterPodAffinityArgs.DEFAULT, h);
    PodInfo p = MakePod.named("p").preferredPodAffinity(10, ZONE, "app", "db").preferredPodAntiAffinity(5, ZONE, "app", "web").info();
    CycleState state = new CycleState();
    assertThat(plugin.preScore(state, p, nodes).isSuccess()).isTrue();
    long[] scores = nodes.stream().mapToLong(n -> plugin.score(state, p, n)).toArray();
    assertThat(scores).containsExactly(10, -5, 0);
    plugin.normalize(state, p, nodes, scores);
    assertThat(scores).containsExactly(100, 0, 33);
  }
}
