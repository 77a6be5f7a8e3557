package dev.ketch.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestCluster;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preemption through the API: PriorityClasses, victims evicted, the preemptor nominated and then bound. */
class PreemptionIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestCluster c;

  @BeforeEach
  void start() {
    c = TestCluster.start(dir);
    for (var pc : new String[][] {{"low", "100"}, {"high", "1000"}}) {
      c.client().resource(new PriorityClassBuilder().withNewMetadata().withName(pc[0]).endMetadata()
          .withValue(Integer.parseInt(pc[1])).build()).create();
    }
    c.startScheduler(new ConfigurationLoader(InTreePlugins.registry()).defaults());
  }

  @AfterEach
  void stop() {
    c.close();
  }

  @Test
  void aHigherPriorityPodEvictsLowerPriorityPodsAndTakesTheirPlace() {
    c.create(MakeNode.named("n1").capacity("cpu", "2", "memory", "4Gi").obj());
    c.create(MakeNode.named("n2").capacity("cpu", "2", "memory", "4Gi").obj());
    // No kubelet confirms that a deleted pod stopped, so the victims may go at once.
    for (int i = 0; i < 4; i++) {
      c.create(MakePod.named("low-" + i).priorityClass("low").req("cpu", "1").gracePeriod(0).obj());
    }
    for (int i = 0; i < 4; i++) {
      String name = "low-" + i;
      await().atMost(WAIT).until(() -> c.nodeOf("default", name) != null);
    }
    assertThat(c.pod("default", "low-0").getSpec().getPriority()).isEqualTo(100);
    c.create(MakePod.named("vip").priorityClass("high").req("cpu", "2").obj());
    await().atMost(WAIT).until(() -> c.nodeOf("default", "vip") != null);
    String node = c.nodeOf("default", "vip");
    // Exactly the two pods on that node were evicted; the other node's pods still run.
    long remaining = c.client().pods().inNamespace("default").list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("low-")).count();
    assertThat(remaining).isEqualTo(2);
    assertThat(c.client().pods().inNamespace("default").list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("low-")).map(p -> p.getSpec().getNodeName())).doesNotContain(node);
    assertThat(c.events("default", "vip", "FailedScheduling")).isNotEmpty();
    assertThat(c.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "Preempted".equals(e.getReason())).count()).isEqualTo(2);
  }

  @Test
  void thePreemptorIsNominatedWhileVictimsTerminate() {
    c.create(MakeNode.named("n1").capacity("cpu", "1", "memory", "4Gi").obj());
    // A victim with a grace period stays, terminating, as no kubelet confirms it stopped.
    c.create(MakePod.named("slow").priorityClass("low").req("cpu", "1").gracePeriod(30).obj());
    await().atMost(WAIT).until(() -> c.nodeOf("default", "slow") != null);
    c.create(MakePod.named("vip").priorityClass("high").req("cpu", "1").obj());
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(c.pod("default", "vip").getStatus().getNominatedNodeName()).isEqualTo("n1");
      assertThat(c.pod("default", "slow").getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(c.pod("default", "slow").getStatus().getConditions()).anySatisfy(cond -> {
        assertThat(cond.getType()).isEqualTo("DisruptionTarget");
        assertThat(cond.getReason()).isEqualTo("PreemptionByScheduler");
      });
    });
    assertThat(c.nodeOf("default", "vip")).isNull();
    // The victim finally goes (as a kubelet would report): the preemptor is bound.
    c.client().pods().inNamespace("default").withName("slow").withGracePeriod(0).delete();
    await().atMost(WAIT).until(() -> "n1".equals(c.nodeOf("default", "vip")));
  }

  @Test
  void podsThatMayNotPreemptWait() {
    c.client().resource(new PriorityClassBuilder().withNewMetadata().withName("polite").endMetadata()
        .withValue(1000).withPreemptionPolicy("Never").build()).create();
    c.create(MakeNode.named("n1").capacity("cpu", "1", "memory", "4Gi").obj());
    c.create(MakePod.named("low").priorityClass("low").req("cpu", "1").gracePeriod(0).obj());
    await().atMost(WAIT).until(() -> c.nodeOf("default", "low") != null);
    c.create(MakePod.named("polite").priorityClass("polite").req("cpu", "1").obj());
    await().atMost(WAIT).untilAsserted(() -> assertThat(c.scheduledCondition("default", "polite").getMessage())
        .isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."));
    assertThat(c.pod("default", "low")).isNotNull();
  }

  @Test
  void anUnknownPriorityClassIsRefusedByTheApiServer() {
    assertThatThrownBy(() -> c.create(MakePod.named("p").priorityClass("platinum").obj()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getStatus().getMessage()).contains("no PriorityClass with name platinum was found");
        });
  }
}
