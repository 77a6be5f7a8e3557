package dev.ketch.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIT {

  @TempDir
  static Path dir;

  static TestCluster cluster;
  static TestCluster.Node node;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(dir);
    node = cluster.startNode(0);
  }

  @AfterAll
  static void stop() {
    node.close();
    cluster.close();
  }

  @Test
  void theNodeRegistersWithItsMachineRuntimeAndReadyConditions() {
    var n = cluster.client().nodes().withName("sim-0").get();

    assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "sim-0")
        .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64")
        .containsEntry("node.ketch.dev/simulated", "true");
    assertThat(n.getSpec().getPodCIDR()).isEqualTo("10.64.0.0/24");
    assertThat(n.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods", "ephemeral-storage");
    assertThat(n.getStatus().getCapacity().get("cpu").toString()).isEqualTo("32");
    assertThat(n.getStatus().getAllocatable().get("pods").toString()).isEqualTo("110");
    assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-ketch");
    assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("simulated://0.1.0");
    assertThat(n.getStatus().getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
        .containsExactly("InternalIP=172.16.0.2", "Hostname=sim-0");
    assertThat(n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.client().nodes().withName("sim-0").get()
        .getStatus().getConditions()).extracting(NodeCondition::getType, NodeCondition::getStatus, NodeCondition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("MemoryPressure", "False", "KubeletHasSufficientMemory"),
            org.assertj.core.groups.Tuple.tuple("DiskPressure", "False", "KubeletHasNoDiskPressure"),
            org.assertj.core.groups.Tuple.tuple("PIDPressure", "False", "KubeletHasSufficientPID"),
            org.assertj.core.groups.Tuple.tuple("Ready", "True", "KubeletReady")));
  }

  @Test
  void theLeaseIsHeldByTheNodeOwnedByItAndRenewed() {
    Lease first = await().atMost(Duration.ofSeconds(10))
        .until(() -> cluster.client().leases().inNamespace("kube-node-lease").withName("sim-0").get(), l -> l != null);
    var n = cluster.client().nodes().withName("sim-0").get();
    assertThat(first.getSpec().getHolderIdentity()).isEqualTo("sim-0");
    assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
    assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("Node");
      assertThat(o.getUid()).isEqualTo(n.getMetadata().getUid());
    });
    ZonedDateTime renewed = first.getSpec().getRenewTime();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.client().leases()
        .inNamespace("kube-node-lease").withName("sim-0").get().getSpec().getRenewTime()).isAfter(renewed));
  }

  @Test
  void kubectlShowsTheNodeReadyWithItsVersion() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.kubectl().ok("get", "nodes"))
        .containsPattern("sim-0\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.0-ketch"));
  }
}
