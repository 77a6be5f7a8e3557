package dev.ketch.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRestartIT {

  @TempDir
  Path dir;

  @Test
  void aRestartedAgentAdoptsItsRunningPodsWithoutRestartingThem() {
    try (TestCluster cluster = TestCluster.start(dir)) {
      TestCluster.Node first = cluster.startNode(0);
      cluster.createBound(TestPods.pod("keep").container("app", "nginx").build(), "sim-0");
      Pod running = await().atMost(Duration.ofSeconds(30)).until(() -> cluster.pod("keep"),
          p -> p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty() && Boolean.TRUE.equals(p.getStatus().getContainerStatuses().getFirst().getReady()));
      ContainerStatus before = running.getStatus().getContainerStatuses().getFirst();
      int[] sizeBefore = first.runtime().size();

      first.close();
      TestCluster.Node second = cluster.startNode(first.kubelet().config(), first.runtime());
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> second.kubelet().podCount() == 1);
        // Several relists and syncs later, nothing has been started again.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        ContainerStatus after = cluster.pod("keep").getStatus().getContainerStatuses().getFirst();
        assertThat(after.getContainerID()).isEqualTo(before.getContainerID());
        assertThat(after.getRestartCount()).isZero();
        assertThat(after.getState().getRunning().getStartedAt()).isEqualTo(before.getState().getRunning().getStartedAt());
        assertThat(after.getReady()).isTrue();
        assertThat(second.runtime().size()).containsExactly(sizeBefore);

        // The new agent still runs the pod: deleting it completes.
        cluster.client().pods().inNamespace("default").withName("keep").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.pod("keep") == null);
        assertThat(second.runtime().size()).containsExactly(0, 0);
      } finally {
        second.close();
      }
    }
  }

  @Test
  void podsDeletedWhileTheAgentWasDownAreRemovedFromTheRuntime() {
    try (TestCluster cluster = TestCluster.start(dir)) {
      TestCluster.Node first = cluster.startNode(0);
      cluster.createBound(TestPods.pod("orphan").container("app", "nginx").build(), "sim-0");
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.pod("orphan"), p -> "Running".equals(p.getStatus().getPhase()));
      first.close();
      cluster.client().pods().inNamespace("default").withName("orphan").withGracePeriod(0).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pod("orphan") == null);

      TestCluster.Node second = cluster.startNode(first.kubelet().config(), first.runtime());
      try {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(second.runtime().size()).containsExactly(0, 0));
      } finally {
        second.close();
      }
    }
  }
}
