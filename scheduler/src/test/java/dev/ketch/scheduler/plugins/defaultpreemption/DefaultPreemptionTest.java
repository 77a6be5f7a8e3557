package dev.ketch.scheduler.plugins.defaultpreemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.NodeInfo;
import dev.ketch.scheduler.framework.NodeToStatus;
import dev.ketch.scheduler.framework.PodInfo;
import dev.ketch.scheduler.framework.PostFilterResult;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestFramework;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {

  private static MakeNode small(String name) {
    return MakeNode.named(name).capacity("cpu", "1", "memory", "4Gi");
  }

  private static MakePod running(String name, String node, int priority, String cpu, String started) {
    return MakePod.named(name).node(node).priority(priority).req("cpu", cpu).startTime(started);
  }

  /** Runs PreFilter and Filter over the nodes, as the scheduler does before PostFilter. */
  private static PostFilterResult preempt(TestFramework t, PodInfo pod) {
    CycleState state = new CycleState();
    List<NodeInfo> nodes = t.snapshot.nodes();
    var pre = t.framework.runPreFilter(state, pod, nodes);
    NodeToStatus statuses = NodeToStatus.withDefaultAbsent();
    for (NodeInfo n : nodes) {
      Status s = pre.status().isSuccess() ? t.framework.runFilterWithNominatedPods(state, pod, n) : pre.status();
      if (!s.isSuccess()) {
        statuses.set(n.name(), s);
      }
    }
    return t.framework.runPostFilter(state, pod, statuses);
  }

  @Test
  void evictsTheFewestLeastImportantPodsOnTheCheapestNode() {
    TestFramework t = TestFramework.defaults().nodes(List.of(
        small("n1").info(running("old", "n1", 1, "600m", "2024-01-01T00:00:00Z").info(),
            running("new", "n1", 1, "400m", "2024-06-01T00:00:00Z").info()),
        small("n2").info(running("mid", "n2", 5, "1", "2024-01-01T00:00:00Z").info())));
    PostFilterResult r = preempt(t, MakePod.named("hi").priority(10).req("cpu", "500m").info());
    assertThat(r.status().isSuccess()).as(r.status().toString()).isTrue();
    assertThat(r.nominatedNodeName()).isEqualTo("n1");
    // The older pod of equal priority is the more important one, so it is tried for a reprieve first and
    // does not fit back (0.6 + 0.5 > 1); the newer one does (0.4 + 0.5).
    assertThat(t.actions.calls).containsExactly("preempt default/old");
    assertThat(t.events.events).singleElement().asString().startsWith("Normal Preempted default/old: Preempted by pod hi-uid-")
        .endsWith(" on node n1");
  }

  @Test
  void neverPreemptingPodsDoNot() {
    TestFramework t = TestFramework.defaults().nodes(List.of(small("n1").info(running("low", "n1", 1, "1", null).info())));
    PostFilterResult r = preempt(t, MakePod.named("hi").priority(10).preemptionPolicy("Never").req("cpu", "500m").info());
    assertThat(r.status().message()).isEqualTo("preemption: not eligible due to preemptionPolicy=Never.");
    assertThat(t.actions.calls).isEmpty();
  }

  @Test
  void withoutLowerPriorityPodsNothingHelps() {
    TestFramework t = TestFramework.defaults().nodes(List.of(small("n1").info(running("same", "n1", 10, "1", null).info()),
        small("n2").info(running("higher", "n2", 20, "1", null).info())));
    PostFilterResult r = preempt(t, MakePod.named("hi").priority(10).req("cpu", "500m").info());
    assertThat(r.status().message())
        .isEqualTo("preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    assertThat(r.nominatedNodeName()).isEmpty();
  }

  @Test
  void unresolvableNodesAreNotTried() {
    TestFramework t = TestFramework.defaults().nodes(List.of(small("n1").taint("k", "v", "NoSchedule")
        .info(running("low", "n1", 1, "1", null).info())));
    PostFilterResult r = preempt(t, MakePod.named("hi").priority(10).req("cpu", "500m").info());
    assertThat(r.status().message()).isEqualTo("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  }

  @Test
  void nodesWhereABudgetWouldBeViolatedComeLast() {
    TestFramework t = TestFramework.defaults().nodes(List.of(
        small("n1").info(running("guarded", "n1", 1, "1", null).label("app", "db").info()),
        small("n2").info(running("free", "n2", 3, "1", null).info())));
    t.listers.pdbs.add(new PodDisruptionBudgetBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(0).endStatus().build());
    PostFilterResult r = preempt(t, MakePod.named("hi").priority(10).req("cpu", "500m").info());
    assertThat(r.nominatedNodeName()).isEqualTo("n2");
  }

  @Test
  void pickerCriteriaInOrder() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    PodInfo p1 = running("a", "x", 1, "1", "2024-01-01T00:00:00Z").info();
    PodInfo p2 = running("b", "x", 2, "1", "2024-01-01T00:00:00Z").info();
    PodInfo p1late = running("c", "x", 1, "1", "2024-06-01T00:00:00Z").info();
    assertThat(CandidatePicker.pick(List.of(new Candidate("violates", List.of(p1), 1), new Candidate("clean", List.of(p2), 0)), now)
        .nodeName()).isEqualTo("clean");
    assertThat(CandidatePicker.pick(List.of(new Candidate("high", List.of(p2), 0), new Candidate("low", List.of(p1, p1late), 0)), now)
        .nodeName()).isEqualTo("low");
    assertThat(CandidatePicker.pick(List.of(new Candidate("two", List.of(p1, p1late), 0), new Candidate("one", List.of(p1), 0)), now)
        .nodeName()).isEqualTo("one");
    assertThat(CandidatePicker.pick(List.of(new Candidate("older", List.of(p1), 0), new Candidate("younger", List.of(p1late), 0)), now)
        .nodeName()).isEqualTo("younger");
  }

  @Test
  void budgetsAreSpentInOrder() {
    var pdb = new PodDisruptionBudgetBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(1).endStatus().build();
    PodInfo a = MakePod.named("a").label("app", "db").info();
    PodInfo b = MakePod.named("b").label("app", "db").info();
    PodInfo c = MakePod.named("c").label("app", "web").info();
    List<PodInfo> violating = new java.util.ArrayList<>();
    List<PodInfo> fine = new java.util.ArrayList<>();
    VictimSelector.splitByPdbViolation(List.of(a, b, c), List.of(pdb), violating, fine);
    assertThat(violating).containsExactly(b);
    assertThat(fine).containsExactly(a, c);
  }
}
