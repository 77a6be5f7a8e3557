package dev.ketch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ClusterLogTest {

  private static final Logger log = LoggerFactory.getLogger(ClusterLogTest.class);

  @Test
  void keepsTheLinesOfItsOwnThreadsAndTheThreadsTheyStartOnly() throws Exception {
    ClusterLog mine = new ClusterLog("mine");
    ClusterLog other = new ClusterLog("other");
    mine.runAsCluster("test", () -> {
      log.atInfo().addKeyValue("node", "sim-0").log("from the cluster");
      Thread.ofVirtual().start(() -> log.info("from a thread it started")).join();
      return null;
    });
    other.runAsCluster("test", () -> {
      log.info("from the other cluster");
      return null;
    });
    log.info("from the test itself");

    assertThat(mine.lines()).hasSize(2);
    assertThat(mine.lines().getFirst()).contains("INFO", "ClusterLogTest", "from the cluster", "node=sim-0");
    assertThat(mine.lines().get(1)).contains("from a thread it started");
    assertThat(other.text()).contains("from the other cluster").doesNotContain("from the cluster ");
    mine.close();
    other.close();
  }

  @Test
  void dropsTheOldestLinesBeyondItsLimit() {
    ClusterLog small = new ClusterLog("small", 2);
    small.add("one");
    small.add("two");
    small.add("three");

    assertThat(small.lines()).containsExactly("two", "three");
  }
}
