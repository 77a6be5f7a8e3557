package dev.ketch.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.ClusterEvent;
import dev.ketch.scheduler.testing.MakeNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventHandlersTest {

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of(Named.<UnaryOperator<Node>>of("nothing that matters", n -> new NodeBuilder(n).editMetadata()
            .withResourceVersion("9").endMetadata().build()), 0),
        Arguments.of(Named.<UnaryOperator<Node>>of("a label", n -> new NodeBuilder(n).editMetadata().addToLabels("x", "y")
            .endMetadata().build()), ClusterEvent.UPDATE_NODE_LABEL),
        Arguments.of(Named.<UnaryOperator<Node>>of("a taint", n -> new NodeBuilder(n).editSpec().addNewTaint().withKey("k")
            .withEffect("NoSchedule").endTaint().endSpec().build()), ClusterEvent.UPDATE_NODE_TAINT),
        Arguments.of(Named.<UnaryOperator<Node>>of("cordoned", n -> new NodeBuilder(n).editSpec().withUnschedulable(true)
            .endSpec().build()), ClusterEvent.UPDATE_NODE_TAINT),
        Arguments.of(Named.<UnaryOperator<Node>>of("more allocatable", n -> new NodeBuilder(n).editStatus()
            .addToAllocatable("cpu", new Quantity("8")).endStatus().build()), ClusterEvent.UPDATE_NODE_ALLOCATABLE),
        Arguments.of(Named.<UnaryOperator<Node>>of("not ready", n -> new NodeBuilder(n).editStatus().withConditions(
            new NodeConditionBuilder().withType("Ready").withStatus("False").build()).endStatus().build()),
            ClusterEvent.UPDATE_NODE_CONDITION),
        Arguments.of(Named.<UnaryOperator<Node>>of("only a heartbeat", n -> new NodeBuilder(n).editStatus().withConditions(
            new NodeConditionBuilder().withType("Ready").withStatus("True").withLastHeartbeatTime("2025-01-01T00:00:10Z").build())
            .endStatus().build()), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void nodeUpdatesAreClassifiedAsUpstream(UnaryOperator<Node> change, int actions) {
    Node before = MakeNode.named("n").obj();
    assertThat(EventHandlers.nodeChanges(before, change.apply(before))).isEqualTo(actions);
  }
}
