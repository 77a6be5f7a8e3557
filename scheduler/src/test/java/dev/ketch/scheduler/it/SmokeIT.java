package dev.ketch.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import dev.ketch.scheduler.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeIT {

  @TempDir Path dir;

  @Test
  void bindsAPod() {
    try (TestCluster c = TestCluster.start(dir)) {
      c.create(MakeNode.named("n1").obj());
      c.startScheduler(new ConfigurationLoader(InTreePlugins.registry()).defaults());
      c.create(MakePod.named("p").req("cpu", "100m").obj());
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(c.nodeOf("default", "p")).isEqualTo("n1"));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(c.events("default", "p", "Scheduled")).hasSize(1));
    }
  }
}
