package dev.ketch.scheduler.plugins.tainttoleration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {

  static Stream<Arguments> filterCases() {
    return Stream.of(
        Arguments.of(Named.of("no taints", MakeNode.named("n")), MakePod.named("p"), null),
        Arguments.of(Named.of("untolerated NoSchedule", MakeNode.named("n").taint("dedicated", "gpu", "NoSchedule")), MakePod.named("p"),
            "node(s) had untolerated taint {dedicated: gpu}"),
        Arguments.of(Named.of("untolerated NoExecute", MakeNode.named("n").taint("k", "", "NoExecute")), MakePod.named("p"),
            "node(s) had untolerated taint {k: }"),
        Arguments.of(Named.of("PreferNoSchedule does not filter", MakeNode.named("n").taint("k", "v", "PreferNoSchedule")),
            MakePod.named("p"), null),
        Arguments.of(Named.of("tolerated by value", MakeNode.named("n").taint("dedicated", "gpu", "NoSchedule")),
            MakePod.named("p").toleration("dedicated", "Equal", "gpu", "NoSchedule"), null),
        Arguments.of(Named.of("tolerated by Exists", MakeNode.named("n").taint("dedicated", "gpu", "NoSchedule")),
            MakePod.named("p").toleration("dedicated", "Exists", null, null), null),
        Arguments.of(Named.of("wrong value", MakeNode.named("n").taint("dedicated", "gpu", "NoSchedule")),
            MakePod.named("p").toleration("dedicated", "Equal", "cpu", "NoSchedule"), "node(s) had untolerated taint {dedicated: gpu}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void filter(MakeNode node, MakePod pod, String reason) {
    Status s = new TaintToleration().filter(new CycleState(), pod.info(), node.info());
    if (reason == null) {
      assertThat(s.isSuccess()).isTrue();
    } else {
      assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
      assertThat(s.reasons()).containsExactly(reason);
    }
  }

  @Test
  void fewerUntoleratedPreferNoScheduleTaintsScoreHigher() {
    TaintToleration t = new TaintToleration();
    List<NodeInfo> nodes = List.of(
        MakeNode.named("clean").info(),
        MakeNode.named("one").taint("a", "1", "PreferNoSchedule").info(),
        MakeNode.named("two").taint("a", "1", "PreferNoSchedule").taint("b", "2", "PreferNoSchedule").info(),
        MakeNode.named("tolerated").taint("c", "3", "PreferNoSchedule").info());
    PodInfo pod = MakePod.named("p").toleration("c", "Exists", null, "PreferNoSchedule").info();
    CycleState state = new CycleState();
    t.preScore(state, pod, nodes);
    long[] scores = nodes.stream().mapToLong(n -> t.score(state, pod, n)).toArray();
    t.normalize(state, pod, nodes, scores);
    assertThat(scores).containsExactly(100, 50, 0, 100);
  }
}
