package dev.ketch.scheduler.plugins.nodeunschedulable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Named.of("schedulable node", MakeNode.named("n")), MakePod.named("p"), true),
        Arguments.of(Named.of("cordoned node", MakeNode.named("n").unschedulable()), MakePod.named("p"), false),
        Arguments.of(Named.of("cordoned node, tolerated", MakeNode.named("n").unschedulable()),
            MakePod.named("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filter(MakeNode node, MakePod pod, boolean passes) {
    var s = new NodeUnschedulable().filter(new CycleState(), pod.info(), node.info());
    assertThat(s.isSuccess()).isEqualTo(passes);
    if (!passes) {
      assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
    }
  }
}
