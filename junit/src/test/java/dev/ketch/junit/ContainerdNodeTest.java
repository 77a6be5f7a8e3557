package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.cluster.ClusterSpec;
import dev.ketch.cluster.LocalCluster;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.cri.CriRuntime;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code @KetchCluster(containerdNode = true)}: this machine joins the cluster as a node on
 * containerd, a pod pinned to it runs as a real container (its log read through the API server),
 * and once the class ends nothing of the cluster's pods is left in containerd. Needs root and the
 * containerd bin/setup starts, with the images bin/build-images imports; fails without them.
 */
class ContainerdNodeTest {

  static volatile String nodeName;
  static volatile Path directory;
  static volatile int sandboxesWhileRunning;

  @Test
  void podRunsInContainerdAndTheClusterLeavesNothingThere() {
    TestExecutionSummary summary = LauncherRuns.run(Map.of(), OnContainerd.class);
    assertThat(summary.getTestsSucceededCount()).as(LauncherRuns.failures(summary)).isEqualTo(1);

    assertThat(nodeName).startsWith("ketch-cluster-");
    assertThat(sandboxesWhileRunning).as("the pod's sandbox while the cluster ran").isEqualTo(1);
    try (CriRuntime runtime = CriRuntime.connect(ClusterSpec.DEFAULT_CONTAINERD_ENDPOINT)) {
      assertThat(runtime.listPodSandboxes(PodSandboxFilter.ofNode(nodeName))).isEmpty();
      assertThat(runtime.listContainers(ContainerFilter.ofNode(nodeName))).isEmpty();
    }
    assertThat(Files.exists(directory)).as("cluster directory " + directory).isFalse();
  }

  @Test
  void clusterDoesNotStartWithoutContainerd() {
    String endpoint = "unix:///nonexistent/containerd.sock";
    assertThatThrownBy(() -> LocalCluster.start(ClusterSpec.of(0).withContainerdNode(endpoint)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no containerd socket at " + endpoint)
        .hasMessageContaining("bin/setup");
  }

  @Test
  void clusterDoesNotStartWhenContainerdDoesNotAnswer(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("containerd.sock");
    // A socket file nobody listens on: what a containerd that died leaves behind.
    try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      listener.bind(UnixDomainSocketAddress.of(socket));
    }
    String endpoint = "unix://" + socket;
    assertThatThrownBy(() -> LocalCluster.start(ClusterSpec.of(0).withContainerdNode(endpoint)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("containerd node cannot start")
        .hasMessageContaining(endpoint);
  }

  @KetchCluster(nodes = 1, containerdNode = true)
  static class OnContainerd {
    @Test
    void runsABusyboxPodOnTheContainerdNode(KubernetesClient client, ClusterHandle cluster) {
      directory = cluster.directory();
      nodeName = cluster.containerdNodeName().orElseThrow();
      Node node = client.nodes().withName(nodeName).get();
      assertThat(node.getMetadata().getLabels()).containsEntry("node.ketch.dev/container-runtime", "containerd");
      assertThat(cluster.nodeNames()).hasSize(1).doesNotContain(nodeName);

      client.pods().inNamespace("default").resource(new PodBuilder()
          .withNewMetadata().withName("hello").endMetadata()
          .withNewSpec()
          .withNodeSelector(Map.of("node.ketch.dev/container-runtime", "containerd"))
          .addNewContainer().withName("c").withImage("ketch.local/busybox:1").withImagePullPolicy("Never")
          .withCommand("sh", "-c", "echo hello; sleep 3600").endContainer()
          .endSpec().build()).create();

      Pod running = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> client.pods().inNamespace("default").withName("hello").get(),
              p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null);
      assertThat(running.getSpec().getNodeName()).isEqualTo(nodeName);
      assertThat(running.getStatus().getPodIP()).startsWith("10.42.");
      assertThat(running.getStatus().getContainerStatuses().getFirst().getContainerID()).startsWith("containerd://");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(client.pods().inNamespace("default").withName("hello").getLog()).contains("hello"));
      try (CriRuntime runtime = CriRuntime.connect(ClusterSpec.DEFAULT_CONTAINERD_ENDPOINT)) {
        sandboxesWhileRunning = runtime.listPodSandboxes(PodSandboxFilter.ofNode(nodeName)).size();
      }
    }
  }
}
