package dev.ketch.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.kubelet.testing.TestPods;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedNodesIT {

  @TempDir
  Path dir;

  @Test
  void manyNodesInOneProcessShareOneInformerAndRunTheirPods() {
    try (TestCluster cluster = TestCluster.start(dir)) {
      int n = 20;
      try (SimulatedNodes nodes = SimulatedNodes.start(new KubeletServices(
          KubeClients.fromKubeconfig(cluster.kubeconfig(), n), java.time.Clock.systemUTC()), n,
          i -> TestCluster.fast(KubeletConfig.simulated(i)))) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.client().nodes().list().getItems())
            .hasSize(n).allSatisfy(node -> assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            })));
        assertThat(cluster.client().leases().inNamespace("kube-node-lease").list().getItems()).hasSize(n);

        for (int i = 0; i < n; i++) {
          cluster.createBound(TestPods.pod("p-" + i).container("app", "nginx").build(), "sim-" + i);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.client().pods().inNamespace("default")
            .list().getItems()).hasSize(n).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
        for (int i = 0; i < n; i++) {
          assertThat(nodes.runtime(i).size()).as("sim-%d runs its own pod only", i).containsExactly(1, 1);
          assertThat(cluster.pod("p-" + i).getStatus().getHostIP()).isEqualTo(nodes.kubelets().get(i).config().nodeIp());
        }
      }
    }
  }
}
