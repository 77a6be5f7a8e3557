package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.Command;
import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/ketch server --simulate-nodes` and `bin/ketch agent --simulate`, driven by stock kubectl. */
class SimulatedNodesEndToEndIT {

  @TempDir
  Path tmp;

  @Test
  void simulatedNodesOfTheServerAndOfAnAgentRunPods() throws Exception {
    int httpsPort = KetchProcess.freePort();
    try (KetchProcess server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server", "--disable-agent",
        "--data-dir", tmp.resolve("data").toString(), "--etcd-listen", "off", "--https-listen", "127.0.0.1:" + httpsPort,
        "--simulate-nodes", "2")) {
      Path kubeconfig = tmp.resolve("data/kubeconfig");
      Kubectl kubectl = Kubectl.defaultVersion(kubeconfig);
      assertThat(server.output()).contains("nodes:          2 simulated (sim-0 … sim-1)");

      try (KetchProcess agent = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(60), "agent",
          "--kubeconfig", kubeconfig.toString(), "--simulate", "3", "--node-name-prefix", "edge-")) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "nodes", "--no-headers")
            .lines().filter(l -> l.matches("\\S+\\s+Ready\\s+.*v1\\.32\\.0-ketch\\s*")).count()).isEqualTo(5));

        Path pod = tmp.resolve("pod.yaml");
        Files.writeString(pod, """
            apiVersion: v1
            kind: Pod
            metadata: {name: hello}
            spec:
              nodeName: edge-1
              containers: [{name: app, image: nginx:1.27}]
            """);
        kubectl.ok("apply", "-f", pod.toString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "pods", "-o", "wide"))
            .containsPattern("hello\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.64\\.1\\.\\d+\\s+edge-1"));
        assertThat(kubectl.ok("delete", "pod", "hello", "--timeout=30s")).contains("pod \"hello\" deleted");

        assertThat(agent.stop()).isZero();
      }
      // The agent's nodes stay registered, and turn NotReady only once a node controller exists.
      assertThat(kubectl.ok("get", "nodes", "edge-0")).contains("edge-0");
    }
  }

  @Test
  void anAgentWithNeitherAClusterToJoinNorSimulatedNodesRefusesToStart() {
    Command.Result r = Command.run(Duration.ofSeconds(60), Map.of("KETCH_SKIP_BUILD", "1"), null,
        List.of(KetchProcess.root().resolve("bin/ketch").toString(), "agent"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("join a cluster with --server https://host:6443 --token <token>");
  }
}
