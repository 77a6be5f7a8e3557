package dev.ketch.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestCluster;
import dev.ketch.testing.launcher.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users see of a pod that fits nowhere, through stock kubectl. */
class FailureMessagesIT {

  @TempDir Path dir;

  @Test
  void kubectlDescribeShowsWhyAPodIsPending() {
    try (TestCluster c = TestCluster.start(dir)) {
      c.create(MakeNode.named("master").taint("node-role", "master", "NoSchedule").obj());
      c.create(MakeNode.named("w1").capacity("cpu", "1", "memory", "2Gi").obj());
      c.create(MakeNode.named("w2").capacity("cpu", "1", "memory", "2Gi").obj());
      c.startScheduler(new ConfigurationLoader(InTreePlugins.registry()).defaults());
      c.create(MakePod.named("hungry").req("cpu", "2").obj());
      String expected = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role: master}, 2 Insufficient cpu.";
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(c.scheduledCondition("default", "hungry").getMessage()).startsWith(expected));
      String describe = Kubectl.defaultVersion(c.kubeconfig()).run("describe", "pod", "hungry").stdout();
      assertThat(describe).contains("Status:           Pending");
      assertThat(describe).containsPattern("PodScheduled\\s+False");
      assertThat(describe).containsPattern("Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+" + java.util.regex.Pattern.quote(expected));
    }
  }
}
