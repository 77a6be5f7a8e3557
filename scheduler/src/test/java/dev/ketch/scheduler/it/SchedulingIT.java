package dev.ketch.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against an in-process API server with simulated nodes: where pods go under
 * taints, affinity, anti-affinity and topology spread, and what happens when they fit nowhere.
 */
class SchedulingIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ZONE = "topology.kubernetes.io/zone";

  @TempDir Path dir;
  private TestCluster c;

  @BeforeEach
  void start() {
    c = TestCluster.start(dir);
  }

  @AfterEach
  void stop() {
    c.close();
  }

  private void scheduler() {
    scheduler(new ConfigurationLoader(InTreePlugins.registry()).defaults());
  }

  private void scheduler(SchedulerConfiguration config) {
    c.startScheduler(config);
  }

  private String awaitNode(String pod) {
    await().atMost(WAIT).until(() -> c.nodeOf("default", pod) != null);
    return c.nodeOf("default", pod);
  }

  private void awaitUnschedulable(String pod, String message) {
    await().atMost(WAIT).untilAsserted(() -> {
      var cond = c.scheduledCondition("default", pod);
      assertThat(cond).isNotNull();
      assertThat(cond.getStatus()).isEqualTo("False");
      assertThat(cond.getReason()).isEqualTo("Unschedulable");
      assertThat(cond.getMessage()).isEqualTo(message);
      assertThat(c.events("default", pod, "FailedScheduling")).extracting(e -> e.getMessage()).contains(message);
    });
  }

  @Test
  void taintsKeepPodsAwayUnlessTolerated() {
    c.create(MakeNode.named("gpu").taint("dedicated", "gpu", "NoSchedule").obj());
    c.create(MakeNode.named("plain").capacity("cpu", "1", "memory", "1Gi").obj());
    scheduler();
    c.create(MakePod.named("big").req("cpu", "2").obj());
    c.create(MakePod.named("ml").req("cpu", "2").toleration("dedicated", "Equal", "gpu", "NoSchedule").obj());
    assertThat(awaitNode("ml")).isEqualTo("gpu");
    awaitUnschedulable("big", "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. "
        + "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, "
        + "1 Preemption is not helpful for scheduling.");
    assertThat(c.nodeOf("default", "big")).isNull();
    assertThat(c.events("default", "ml", "Scheduled")).extracting(e -> e.getMessage())
        .containsExactly("Successfully assigned default/ml to gpu");
  }

  @Test
  void nodeAffinityAndSelectors() {
    c.create(MakeNode.named("ssd-a").label("disk", "ssd").zone("a").obj());
    c.create(MakeNode.named("hdd-b").label("disk", "hdd").zone("b").obj());
    c.create(MakeNode.named("ssd-c").label("disk", "ssd").zone("c").obj());
    scheduler();
    c.create(MakePod.named("selector").nodeSelector("disk", "hdd").obj());
    c.create(MakePod.named("affinity").nodeAffinityIn(ZONE, "NotIn", "a", "b").obj());
    c.create(MakePod.named("preferred").preferredNodeAffinity(100, ZONE, "In", "a").obj());
    c.create(MakePod.named("impossible").nodeAffinityIn("disk", "In", "nvme").obj());
    assertThat(awaitNode("selector")).isEqualTo("hdd-b");
    assertThat(awaitNode("affinity")).isEqualTo("ssd-c");
    assertThat(awaitNode("preferred")).isEqualTo("ssd-a");
    awaitUnschedulable("impossible", "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
        + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  }

  @Test
  void antiAffinitySpreadsReplicasAndAffinityGathersThem() {
    for (int i = 1; i <= 3; i++) {
      c.create(MakeNode.named("n" + i).zone(i == 3 ? "b" : "a").obj());
    }
    scheduler();
    for (int i = 0; i < 3; i++) {
      c.create(MakePod.named("web-" + i).label("app", "web").podAntiAffinity("kubernetes.io/hostname", "app", "web").obj());
    }
    List<String> nodes = IntStream.range(0, 3).mapToObj(i -> awaitNode("web-" + i)).toList();
    assertThat(nodes).containsExactlyInAnyOrder("n1", "n2", "n3");
    c.create(MakePod.named("web-3").label("app", "web").podAntiAffinity("kubernetes.io/hostname", "app", "web").obj());
    awaitUnschedulable("web-3", "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. "
        + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    c.create(MakePod.named("cache").podAffinity(ZONE, "app", "web").podAntiAffinity(ZONE, "app", "batch").label("app", "cache").obj());
    assertThat(awaitNode("cache")).isIn("n1", "n2", "n3");
    c.create(MakePod.named("sidecar").podAffinity("kubernetes.io/hostname", "app", "cache").obj());
    assertThat(awaitNode("sidecar")).isEqualTo(c.nodeOf("default", "cache"));
  }

  @Test
  void topologySpreadAcrossZones() {
    for (String zone : List.of("a", "b", "c")) {
      for (int i = 0; i < 2; i++) {
        c.create(MakeNode.named(zone + i).zone(zone).obj());
      }
    }
    scheduler();
    for (int i = 0; i < 6; i++) {
      c.create(MakePod.named("s" + i).label("app", "spread").spread(1, ZONE, "DoNotSchedule", "app", "spread").obj());
      // One at a time, so each decision sees the one before (as a Deployment's pods arrive).
      awaitNode("s" + i);
    }
    Map<Character, Integer> perZone = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      perZone.merge(c.nodeOf("default", "s" + i).charAt(0), 1, Integer::sum);
    }
    assertThat(perZone).containsEntry('a', 2).containsEntry('b', 2).containsEntry('c', 2);
  }

  @Test
  void theReplicasOfAReplicaSetAreSpreadOverNodesByDefault() {
    for (int i = 0; i < 4; i++) {
      c.create(MakeNode.named("n" + i).obj());
    }
    c.client().apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
        .withName("c").withImage("pause").endContainer().endSpec().endTemplate().endSpec().build()).create();
    scheduler();
    for (int i = 0; i < 8; i++) {
      c.create(MakePod.named("web-" + i).label("app", "web").obj());
      awaitNode("web-" + i);
    }
    Map<String, Integer> perNode = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      perNode.merge(c.nodeOf("default", "web-" + i), 1, Integer::sum);
    }
    assertThat(perNode).hasSize(4).allSatisfy((node, n) -> assertThat(n).isEqualTo(2));
  }

  @Test
  void exhaustedResourcesReportAndRecoverOnEvents() {
    c.create(MakeNode.named("n1").capacity("cpu", "2", "memory", "4Gi").obj());
    c.create(MakeNode.named("n2").capacity("cpu", "2", "memory", "4Gi").obj());
    // Long backoffs: only an event can bring the pending pod back within the test's patience.
    scheduler(new ConfigurationLoader(InTreePlugins.registry()).defaults().withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    for (int i = 0; i < 4; i++) {
      c.create(MakePod.named("fill-" + i).req("cpu", "1").gracePeriod(0).obj());
    }
    for (int i = 0; i < 4; i++) {
      awaitNode("fill-" + i);
    }
    c.create(MakePod.named("late").req("cpu", "1", "memory", "5Gi").obj());
    awaitUnschedulable("late", "0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory. "
        + "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    c.create(MakeNode.named("big").capacity("cpu", "4", "memory", "8Gi").obj());
    assertThat(awaitNode("late")).isEqualTo("big");

    c.create(MakePod.named("waits").req("cpu", "2", "memory", "4Gi").obj());
    awaitUnschedulable("waits", "0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu. "
        + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    for (int i = 0; i < 4; i++) {
      c.client().pods().inNamespace("default").withName("fill-" + i).delete();
    }
    assertThat(awaitNode("waits")).isIn("n1", "n2");
  }

  @Test
  void podsForOtherSchedulersAreLeftAlone() {
    c.create(MakeNode.named("n1").obj());
    scheduler(new ConfigurationLoader(InTreePlugins.registry()).parse("""
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
        - schedulerName: default-scheduler
        - schedulerName: second
        """));
    c.create(MakePod.named("mine").schedulerName("second").obj());
    c.create(MakePod.named("theirs").schedulerName("someone-else").obj());
    assertThat(awaitNode("mine")).isEqualTo("n1");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      Pod theirs = c.pod("default", "theirs");
      assertThat(theirs.getSpec().getNodeName()).isNull();
      assertThat(theirs.getStatus().getConditions()).isNullOrEmpty();
      assertThat(c.events("default", "theirs", "FailedScheduling")).isEmpty();
    });
    assertThat(c.events("default", "mine", "Scheduled")).extracting(e -> e.getSource().getComponent()).containsExactly("second");
  }
}
