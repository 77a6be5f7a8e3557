package dev.ketch.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.events.FakeRecorder;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.pods.Expectations;
import dev.ketch.controllers.pods.PodStates;
import dev.ketch.controllers.scheduling.NodeAffinity;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DaemonSet reconcile logic against the in-memory fake API, with the test acting as scheduler and kubelet. */
class DaemonSetSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeRecorder events = new FakeRecorder();
  private final Expectations<ObjectKey> expectations = new Expectations<>(clock);
  private final DaemonSetSync sync = new DaemonSetSync(cluster, events, clock, expectations);
  private final FakeObjects<DaemonSet> sets = cluster.objects(DaemonSet.class);
  private final FakeObjects<Pod> pods = cluster.objects(Pod.class);
  private final FakeObjects<Node> nodes = cluster.objects(Node.class);
  private final FakeObjects<ControllerRevision> revisions = cluster.objects(ControllerRevision.class);

  private static DaemonSetBuilder ds(String name) {
    return new DaemonSetBuilder()
        .withNewMetadata().withName(name).withNamespace("ns")
        .addToAnnotations("deprecated.daemonset.template.generation", "1").endMetadata()
        .withNewSpec().withRevisionHistoryLimit(10)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(1)).withMaxSurge(new IntOrString(0)).endRollingUpdate().endUpdateStrategy()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("agent:1").endContainer().endSpec().endTemplate()
        .endSpec();
  }

  private Node node(String name, Map<String, String> labels, Taint... taints) {
    return nodes.add(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withTaints(taints).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
  }

  private void syncDs(String name) {
    sync.sync(new ObjectKey("ns", name));
  }

  /** The fake scheduler and kubelet: binds every pending pod to the node its affinity names, Running and Ready. */
  private void runPods() {
    for (Pod p : pods.list("ns")) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        pods.remove("ns", p.getMetadata().getName());
      } else if (p.getSpec().getNodeName() == null) {
        pods.put(PodStates.runningAndReady(p, NodeAffinity.targetNodeName(p.getSpec()), clock.now()));
      }
    }
    expectations.forget(new ObjectKey("ns", "agent"));
  }

  private Map<String, String> podNodes() {
    return pods.list("ns").stream().collect(java.util.stream.Collectors.toMap(p -> p.getMetadata().getName(),
        p -> p.getSpec().getNodeName() != null ? p.getSpec().getNodeName() : NodeAffinity.targetNodeName(p.getSpec())));
  }

  private DaemonSet stored() {
    return sets.get("ns", "agent");
  }

  @Test
  void onePodPerNodePinnedByNodeAffinityWithTheDaemonTolerations() {
    node("a", Map.of());
    node("b", Map.of());
    sets.add(ds("agent").build());

    syncDs("agent");

    assertThat(podNodes().values()).containsExactlyInAnyOrder("a", "b");
    Pod pod = pods.list("ns").getFirst();
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
    assertThat(pod.getSpec().getNodeName()).as("the scheduler binds it").isNull();
    var term = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    assertThat(term).singleElement().satisfies(t -> {
      assertThat(t.getMatchFields()).singleElement().satisfies(f -> {
        assertThat(f.getKey()).isEqualTo("metadata.name");
        assertThat(f.getOperator()).isEqualTo("In");
      });
    });
    assertThat(pod.getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect()).contains(
        "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
        "node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
        "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule");
    String hash = revisions.list("ns").getFirst().getMetadata().getLabels().get("controller-revision-hash");
    assertThat(pod.getMetadata().getLabels()).containsEntry("controller-revision-hash", hash).containsEntry("pod-template-generation", "1");
    assertThat(events.reasons()).containsExactly("SuccessfulCreate", "SuccessfulCreate");
    assertThat(events.events().getFirst().message()).startsWith("Created pod: agent-");

    // The status written with the creations counted the pods seen before them; the next pass sees them.
    syncDs("agent");
    DaemonSet s = stored();
    assertThat(s.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
    assertThat(s.getStatus().getCurrentNumberScheduled()).isEqualTo(2);
    assertThat(s.getStatus().getNumberReady()).isZero();
    assertThat(s.getStatus().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void whileCreationsAreUnseenOnlyTheStatusIsUpdated() {
    node("a", Map.of());
    sets.add(ds("agent").build());
    expectations.expectCreations(new ObjectKey("ns", "agent"), 1);
    syncDs("agent");
    assertThat(pods.list("ns")).isEmpty();
  }

  @Test
  void nodeSelectorAndTaintsDecideWhichNodesRunThePod() {
    node("linux", Map.of("os", "linux"));
    node("windows", Map.of("os", "windows"));
    node("tainted", Map.of("os", "linux"), new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build());
    sets.add(ds("agent").editSpec().editTemplate().editSpec().addToNodeSelector("os", "linux").endSpec().endTemplate().endSpec().build());

    syncDs("agent");

    assertThat(podNodes().values()).containsExactly("linux");
    assertThat(stored().getStatus().getDesiredNumberScheduled()).isEqualTo(1);
  }

  @Test
  void aToleratedTaintAndANotReadyNodeStillGetAPod() {
    node("tainted", Map.of(), new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build());
    node("notready", Map.of(), new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoExecute").build());
    sets.add(ds("agent").editSpec().editTemplate().editSpec().addNewToleration().withKey("dedicated").withOperator("Exists")
        .endToleration().endSpec().endTemplate().endSpec().build());

    syncDs("agent");

    assertThat(podNodes().values()).containsExactlyInAnyOrder("tainted", "notready");
  }

  @Test
  void followsNodesAddedAndRemoved() {
    node("a", Map.of());
    sets.add(ds("agent").build());
    syncDs("agent");
    runPods();

    node("b", Map.of());
    syncDs("agent");
    assertThat(podNodes().values()).containsExactlyInAnyOrder("a", "b");
    runPods();

    // A node that starts refusing the pod (NoExecute taint it does not tolerate) loses it.
    Node b = nodes.get("", "b");
    b.getSpec().setTaints(List.of(new TaintBuilder().withKey("evict").withEffect("NoExecute").build()));
    nodes.put(b);
    syncDs("agent");
    runPods();
    syncDs("agent");
    assertThat(podNodes().values()).containsExactly("a");
    DaemonSet s = stored();
    assertThat(s.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
    assertThat(s.getStatus().getNumberMisscheduled()).isZero();
  }

  @Test
  void unscheduledPodsForANodeThatIsGoneAreDeleted() {
    node("a", Map.of());
    node("b", Map.of());
    sets.add(ds("agent").build());
    syncDs("agent");
    nodes.remove("", "b");
    expectations.forget(new ObjectKey("ns", "agent"));
    syncDs("agent");
    assertThat(podNodes().values()).containsExactly("a");
  }

  @Test
  void statusCountsReadyAvailableAndUpdatedPods() {
    node("a", Map.of());
    node("b", Map.of());
    sets.add(ds("agent").editSpec().withMinReadySeconds(5).endSpec().build());
    syncDs("agent");
    runPods();
    syncDs("agent");
    DaemonSet s = stored();
    assertThat(s.getStatus().getNumberReady()).isEqualTo(2);
    assertThat(s.getStatus().getNumberAvailable()).isZero();
    assertThat(s.getStatus().getNumberUnavailable()).isEqualTo(2);
    assertThat(s.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(5));
    syncDs("agent");
    assertThat(stored().getStatus().getNumberAvailable()).isEqualTo(2);
    assertThat(stored().getStatus().getNumberUnavailable()).isZero();
  }

  private void changeImage(String image) {
    DaemonSet d = stored();
    d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    d.getMetadata().getAnnotations().put("deprecated.daemonset.template.generation", "2");
    sets.update(d);
  }

  private List<String> images() {
    return pods.list("ns").stream().map(p -> p.getSpec().getContainers().getFirst().getImage()).sorted().toList();
  }

  @Test
  void rollingUpdateReplacesAtMostMaxUnavailablePodsAtATime() {
    for (String n : List.of("a", "b", "c")) {
      node(n, Map.of());
    }
    sets.add(ds("agent").build());
    syncDs("agent");
    runPods();
    changeImage("agent:2");

    syncDs("agent");
    assertThat(pods.list("ns").stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null)).hasSize(1);

    for (int i = 0; i < 6; i++) {
      runPods();
      syncDs("agent");
    }
    assertThat(images()).containsExactly("agent:2", "agent:2", "agent:2");
    DaemonSet s = stored();
    assertThat(s.getStatus().getUpdatedNumberScheduled()).isEqualTo(3);
    assertThat(revisions.list("ns")).hasSize(2);
    assertThat(revisions.list("ns")).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void surgeCreatesTheNewPodBesideTheOldOneAndDeletesTheOldOnceAvailable() {
    node("a", Map.of());
    sets.add(ds("agent").editSpec().editUpdateStrategy().editRollingUpdate().withMaxSurge(new IntOrString(1))
        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endUpdateStrategy().endSpec().build());
    syncDs("agent");
    runPods();
    changeImage("agent:2");

    syncDs("agent");
    assertThat(images()).containsExactly("agent:1", "agent:2");
    runPods();
    syncDs("agent");
    runPods();
    assertThat(images()).containsExactly("agent:2");
  }

  @Test
  void onDeleteKeepsOldPods() {
    node("a", Map.of());
    sets.add(ds("agent").editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec().build());
    syncDs("agent");
    runPods();
    changeImage("agent:2");
    syncDs("agent");
    runPods();
    assertThat(images()).containsExactly("agent:1");
  }

  @Test
  void aFailedPodIsDeletedWithBackOff() {
    node("a", Map.of());
    sets.add(ds("agent").build());
    syncDs("agent");
    Pod p = pods.list("ns").getFirst();
    pods.put(PodStates.terminated(p, "a", 1, clock.now()));
    expectations.forget(new ObjectKey("ns", "agent"));

    syncDs("agent");
    assertThat(events.reasons()).contains("FailedDaemonPod");
    assertThat(pods.list("ns")).isEmpty();
    expectations.forget(new ObjectKey("ns", "agent"));
    syncDs("agent");
    Pod second = pods.list("ns").getFirst();
    pods.put(PodStates.terminated(second, "a", 1, clock.now()));
    expectations.forget(new ObjectKey("ns", "agent"));

    var result = sync.sync(new ObjectKey("ns", "agent"));
    assertThat(pods.list("ns")).as("within the 1 s back-off the failed pod stays").hasSize(1);
    assertThat(result).isInstanceOf(dev.ketch.controllers.framework.Result.RequeueAfter.class);
    clock.advance(Duration.ofSeconds(2));
    syncDs("agent");
    assertThat(pods.list("ns")).isEmpty();
  }

  @Test
  void refusedPodsGiveAWarningAConditionAndStopAtTheFirstBatch() {
    for (String n : List.of("a", "b", "c", "d")) {
      node(n, Map.of());
    }
    sets.add(ds("agent").build());
    pods.fail("create", p -> true, 403, "pods is forbidden: exceeded quota");

    assertThatThrownBy(() -> syncDs("agent")).isInstanceOf(KubernetesClientException.class);

    assertThat(pods.actions("create")).as("slow start stops after the first batch").hasSize(1);
    assertThat(events.reasons()).containsExactly("FailedCreate");
    assertThat(events.events().getFirst().message()).isEqualTo("Error creating: pods is forbidden: exceeded quota");
    assertThat(expectations.satisfied(new ObjectKey("ns", "agent"))).isTrue();
    assertThat(stored().getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("ReplicaFailure");
      assertThat(c.getReason()).isEqualTo("FailedCreate");
    });

    pods.clearFailures();
    syncDs("agent");
    assertThat(pods.list("ns")).hasSize(4);
    assertThat(stored().getStatus().getConditions()).isEmpty();
  }

  @Test
  void anEmptySelectorIsRefused() {
    node("a", Map.of());
    sets.add(ds("agent").editSpec().withNewSelector().endSelector().endSpec().build());
    syncDs("agent");
    assertThat(events.reasons()).containsExactly("SelectingAll");
    assertThat(pods.list("ns")).isEmpty();
  }
}
