package dev.ketch.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.scheduler.cache.Snapshot;
import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.Parallelizer;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestFramework;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodSchedulerTest {

  @ParameterizedTest(name = "{1} nodes at {0}% → find {2}")
  @CsvSource({"0, 50, 50", "0, 99, 99", "0, 100, 100", "0, 1000, 420", "0, 5000, 500", "0, 10000, 500", "0, 15000, 750",
      "10, 1000, 100", "30, 1000, 300", "100, 5000, 5000", "1, 200, 100"})
  void numFeasibleNodesToFindIsUpstreams(int percentage, int nodes, int find) {
    assertThat(PodScheduler.numFeasibleNodesToFind(percentage, nodes)).isEqualTo(find);
  }

  private static List<NodeInfo> nodes(int n, String cpu) {
    List<NodeInfo> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(MakeNode.named("n" + i).capacity("cpu", cpu, "memory", "8Gi").info());
    }
    return out;
  }

  @Test
  void placesOnTheBestScoredNode() throws Exception {
    List<NodeInfo> ns = new ArrayList<>(nodes(3, "4"));
    ns.set(1, MakeNode.named("busy").capacity("cpu", "4", "memory", "8Gi").info(MakePod.named("e").node("busy").req("cpu", "3").info()));
    TestFramework t = TestFramework.defaults().nodes(ns);
    PodScheduler s = new PodScheduler(0, Parallelizer.inline(), new SplittableRandom(1));
    var r = s.schedule(t.framework, new CycleState(), MakePod.named("p").req("cpu", "1").info(), t.snapshot);
    assertThat(r.nodeName()).isNotEqualTo("busy");
    assertThat(r.feasibleNodes()).isEqualTo(3);
  }

  @Test
  void stopsFilteringOnceEnoughNodesAreFeasibleAndRotatesTheStart() throws Exception {
    TestFramework t = TestFramework.defaults().nodes(nodes(1000, "4"));
    PodScheduler s = new PodScheduler(10, Parallelizer.inline(), new SplittableRandom(1));
    var first = s.schedule(t.framework, new CycleState(), MakePod.named("p").req("cpu", "1").info(), t.snapshot);
    assertThat(first.evaluatedNodes()).isEqualTo(100);
    assertThat(first.feasibleNodes()).isEqualTo(100);
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      chosen.add(s.schedule(t.framework, new CycleState(), MakePod.named("p" + i).req("cpu", "1").info(), t.snapshot).nodeName());
    }
    // Each cycle starts where the last one stopped, so the same 100 nodes are not looked at every time.
    assertThat(chosen).hasSizeGreaterThan(5);
  }

  @Test
  void theSameResultWithParallelFiltering() throws Exception {
    try (Parallelizer p = new Parallelizer(4)) {
      TestFramework t = TestFramework.defaults().nodes(nodes(500, "4"));
      var r = new PodScheduler(0, p, new SplittableRandom(1)).schedule(t.framework, new CycleState(),
          MakePod.named("p").req("cpu", "1").info(), t.snapshot);
      assertThat(r.feasibleNodes()).isEqualTo(PodScheduler.numFeasibleNodesToFind(0, 500));
    }
  }

  @Test
  void noFitReportsEveryNode() {
    List<NodeInfo> ns = new ArrayList<>(nodes(2, "1"));
    ns.add(MakeNode.named("tainted").taint("node-role", "master", "NoSchedule").info());
    TestFramework t = TestFramework.defaults().nodes(ns);
    PodScheduler s = new PodScheduler(0, Parallelizer.inline(), new SplittableRandom(1));
    assertThatThrownBy(() -> s.schedule(t.framework, new CycleState(), MakePod.named("p").req("cpu", "2").info(), t.snapshot))
        .isInstanceOfSatisfying(SchedulingFailure.class, f -> {
          assertThat(f.fitError().message()).isEqualTo(
              "0/3 nodes are available: 1 node(s) had untolerated taint {node-role: master}, 2 Insufficient cpu.");
          assertThat(f.fitError().unschedulablePlugins()).containsExactlyInAnyOrder("TaintToleration", "NodeResourcesFit");
        });
  }

  @Test
  void aFittingNominatedNodeIsTakenAtOnce() throws Exception {
    TestFramework t = TestFramework.defaults().nodes(nodes(200, "4"));
    PodScheduler s = new PodScheduler(0, Parallelizer.inline(), new SplittableRandom(1));
    var r = s.schedule(t.framework, new CycleState(), MakePod.named("p").nominatedNode("n150").info(), t.snapshot);
    assertThat(r.nodeName()).isEqualTo("n150");
    assertThat(r.evaluatedNodes()).isEqualTo(1);
  }

  @Test
  void tiesAreBrokenAtRandom() {
    PodScheduler s = new PodScheduler(0, Parallelizer.inline(), new SplittableRandom(3));
    Set<Integer> picked = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      picked.add(s.selectHost(new long[] {5, 9, 9, 1, 9}));
    }
    assertThat(picked).containsExactlyInAnyOrder(1, 2, 4);
  }

  @Test
  void noNodes() {
    TestFramework t = TestFramework.defaults().nodes(List.of());
    PodScheduler s = new PodScheduler(0, Parallelizer.inline(), new SplittableRandom(1));
    assertThatThrownBy(() -> s.schedule(t.framework, new CycleState(), MakePod.named("p").info(), Snapshot.of(List.of())))
        .isInstanceOfSatisfying(SchedulingFailure.class, f -> assertThat(f.fitError().message()).isEqualTo("0/0 nodes are available:"));
  }
}
