package dev.ketch.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FitErrorTest {

  @Test
  void reasonsAreCountedAndSortedAsUpstream() {
    NodeToStatus statuses = NodeToStatus.withDefaultAbsent();
    statuses.set("n1", Status.unresolvable("node(s) had untolerated taint {node-role: master}"));
    statuses.set("n2", Status.unschedulable("Insufficient cpu"));
    statuses.set("n3", Status.unschedulable("Insufficient cpu", "Insufficient memory"));
    FitError e = new FitError(3, statuses, Set.of(), "", "");
    assertThat(e.message()).isEqualTo(
        "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role: master}, 2 Insufficient cpu.");
  }

  @Test
  void preFilterRejectionsReplaceTheHistogramAndPostFilterAppends() {
    FitError e = new FitError(2, new NodeToStatus(Status.unresolvable("persistentvolumeclaim \"x\" not found")), Set.of(),
        "persistentvolumeclaim \"x\" not found", "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    assertThat(e.message()).isEqualTo("0/2 nodes are available: persistentvolumeclaim \"x\" not found. "
        + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  }

  @Test
  void nodesNeverEvaluatedTakeTheAbsentStatus() {
    NodeToStatus statuses = new NodeToStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]"));
    statuses.set("n1", Status.unschedulable("Insufficient cpu"));
    assertThat(new FitError(4, statuses, Set.of(), "", "").message())
        .isEqualTo("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  }

  @Test
  void noNodesAtAll() {
    assertThat(new FitError(0, NodeToStatus.withDefaultAbsent(), Set.of(), "", "").message()).isEqualTo("0/0 nodes are available:");
  }
}
