package dev.ketch.scheduler.plugins.noderesources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {

  private static final NodeResourcesFit FIT = new NodeResourcesFit(NodeResourcesFitArgs.DEFAULT);

  /** A node of 10 CPUs, 20 bytes of memory… as upstream's fit tests, with room for 32 pods. */
  private static MakeNode node() {
    return MakeNode.named("n").capacity("cpu", "10", "memory", "20Gi", "ephemeral-storage", "20Gi", "pods", "32",
        "example.com/gpu", "2");
  }

  static Stream<Arguments> filterCases() {
    return Stream.of(
        Arguments.of(Named.of("no requests fit anywhere", MakePod.named("p").req()),
            List.of(MakePod.named("e").node("n").req("cpu", "10", "memory", "20Gi")), List.of()),
        Arguments.of(Named.of("fits in what is left", MakePod.named("p").req("cpu", "1", "memory", "1Gi")),
            List.of(MakePod.named("e").node("n").req("cpu", "5", "memory", "10Gi")), List.of()),
        Arguments.of(Named.of("too much cpu", MakePod.named("p").req("cpu", "6")),
            List.of(MakePod.named("e").node("n").req("cpu", "5")), List.of("Insufficient cpu")),
        Arguments.of(Named.of("too much cpu and memory", MakePod.named("p").req("cpu", "6", "memory", "11Gi")),
            List.of(MakePod.named("e").node("n").req("cpu", "5", "memory", "10Gi")), List.of("Insufficient cpu", "Insufficient memory")),
        Arguments.of(Named.of("an init container counts", MakePod.named("p").req("cpu", "1").initReq(false, "cpu", "6")),
            List.of(MakePod.named("e").node("n").req("cpu", "5")), List.of("Insufficient cpu")),
        Arguments.of(Named.of("overhead counts", MakePod.named("p").req("cpu", "5").overhead("cpu", "1")),
            List.of(MakePod.named("e").node("n").req("cpu", "5")), List.of("Insufficient cpu")),
        Arguments.of(Named.of("ephemeral storage", MakePod.named("p").req("ephemeral-storage", "11Gi")),
            List.of(MakePod.named("e").node("n").req("ephemeral-storage", "10Gi")), List.of("Insufficient ephemeral-storage")),
        Arguments.of(Named.of("extended resource exhausted", MakePod.named("p").req("example.com/gpu", "1")),
            List.of(MakePod.named("e").node("n").req("example.com/gpu", "2")), List.of("Insufficient example.com/gpu")),
        Arguments.of(Named.of("extended resource the node lacks", MakePod.named("p").req("example.com/fpga", "1")),
            List.of(), List.of("Insufficient example.com/fpga")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void filter(MakePod pod, List<MakePod> existing, List<String> reasons) {
    NodeInfo n = node().info(existing.stream().map(MakePod::info).toArray(dev.ketch.scheduler.framework.PodInfo[]::new));
    Status s = FIT.filter(new CycleState(), pod.info(), n);
    if (reasons.isEmpty()) {
      assertThat(s.isSuccess()).as(s.toString()).isTrue();
    } else {
      assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
      assertThat(s.reasons()).containsExactlyElementsOf(reasons);
    }
  }

  @Test
  void podCountIsALimitEvenWithoutRequests() {
    NodeInfo n = MakeNode.named("n").capacity("cpu", "10", "memory", "1Gi", "pods", "1").info(MakePod.named("e").node("n").info());
    assertThat(FIT.filter(new CycleState(), MakePod.named("p").info(), n).reasons()).containsExactly("Too many pods");
  }

  @Test
  void ignoredResourcesAndGroupsAreNotChecked() {
    NodeResourcesFit fit = new NodeResourcesFit(new NodeResourcesFitArgs(Set.of("example.com/fpga"), Set.of("vendor.io"),
        NodeResourcesFitArgs.DEFAULT.scoring()));
    NodeInfo n = node().info();
    assertThat(fit.filter(new CycleState(), MakePod.named("p").req("example.com/fpga", "1", "vendor.io/x", "3").info(), n).isSuccess())
        .isTrue();
  }

  static Stream<Arguments> scoreCases() {
    // Node: 4 CPUs, 10Gi. Requested with the pod: 3 CPUs (75%), 5Gi (50%).
    return Stream.of(
        Arguments.of(Named.of("LeastAllocated", new LeastAllocated(ResourceSpec.DEFAULT)), (25 + 50) / 2L),
        Arguments.of(Named.of("LeastAllocated weighted 3:1", new LeastAllocated(List.of(new ResourceSpec("cpu", 3),
            new ResourceSpec("memory", 1)))), (25 * 3 + 50) / 4L),
        Arguments.of(Named.of("MostAllocated", new MostAllocated(ResourceSpec.DEFAULT)), (75 + 50) / 2L),
        Arguments.of(Named.of("RequestedToCapacityRatio default shape", new RequestedToCapacityRatio(ResourceSpec.DEFAULT,
            RequestedToCapacityRatio.DEFAULT_SHAPE)), Math.round((25 + 50) / 2.0)),
        Arguments.of(Named.of("RequestedToCapacityRatio bin packing shape", new RequestedToCapacityRatio(ResourceSpec.DEFAULT,
            List.of(new RequestedToCapacityRatio.Point(0, 0), new RequestedToCapacityRatio.Point(100, 10)))), Math.round((75 + 50) / 2.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scoreCases")
  void scoringStrategies(ScoringStrategy strategy, long expected) {
    NodeResourcesFit fit = new NodeResourcesFit(new NodeResourcesFitArgs(Set.of(), Set.of(), strategy));
    NodeInfo n = MakeNode.named("n").capacity("cpu", "4", "memory", "10Gi").info(MakePod.named("e").node("n").req("cpu", "2", "memory", "3Gi").info());
    long score = fit.score(new CycleState(), MakePod.named("p").req("cpu", "1", "memory", "2Gi").info(), n);
    assertThat(score).isEqualTo(expected);
  }

  @Test
  void podsWithoutRequestsScoreAsIfTheyAskedForDefaults() {
    NodeInfo n = MakeNode.named("n").capacity("cpu", "1", "memory", "1000Mi").info();
    // 100m of 1 CPU used → 90; 200Mi of 1000Mi → 80.
    assertThat(FIT.score(new CycleState(), MakePod.named("p").req().info(), n)).isEqualTo((90 + 80) / 2);
  }

  @Test
  void balancedAllocationFavorsEvenUse() {
    BalancedAllocation b = new BalancedAllocation(new BalancedAllocation.Args(ResourceSpec.DEFAULT));
    NodeInfo even = MakeNode.named("a").capacity("cpu", "4", "memory", "4Gi").info();
    NodeInfo skewed = MakeNode.named("b").capacity("cpu", "4", "memory", "16Gi").info();
    var pod = MakePod.named("p").req("cpu", "2", "memory", "2Gi").info();
    assertThat(b.score(new CycleState(), pod, even)).isEqualTo(100);
    // cpu 0.5, memory 0.125: std = 0.1875 → 81.
    assertThat(b.score(new CycleState(), pod, skewed)).isEqualTo(81);
  }

  @Test
  void rtcrShapeIsPiecewiseLinear() {
    var r = new RequestedToCapacityRatio(ResourceSpec.DEFAULT,
        List.of(new RequestedToCapacityRatio.Point(20, 2), new RequestedToCapacityRatio.Point(60, 10)));
    assertThat(r.shapeAt(0)).isEqualTo(20);
    assertThat(r.shapeAt(40)).isEqualTo(60);
    assertThat(r.shapeAt(90)).isEqualTo(100);
  }
}
