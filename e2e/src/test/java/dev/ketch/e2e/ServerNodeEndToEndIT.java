package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bin/ketch server --runtime process`: the server's own machine is a node, and runs a scheduled pod. */
class ServerNodeEndToEndIT {

  @TempDir Path tmp;

  @Test
  void theServerJoinsItsOwnMachineAndRunsAScheduledPodAsAProcess() throws Exception {
    try (KetchProcess server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server",
        "--data-dir", tmp.resolve("data").toString(), "--etcd-listen", "off",
        "--https-listen", "127.0.0.1:" + KetchProcess.freePort(), "--runtime", "process")) {
      Kubectl kubectl = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
      assertThat(server.output()).containsPattern("this node: +\\S+ \\(runtime process, data in .*/data/agent\\)");
      String node = kubectl.ok("get", "nodes", "-l", "node.ketch.dev/container-runtime=process", "-o",
          "jsonpath={.items[0].metadata.name}");
      assertThat(node).isNotEmpty();
      // The node holds a node certificate of its own, not the admin's.
      assertThat(Files.readString(tmp.resolve("data/agent/kubeconfig"))).contains("system:node:" + node);

      Path pod = tmp.resolve("pod.yaml");
      Files.writeString(pod, """
          apiVersion: v1
          kind: Pod
          metadata: {name: local}
          spec:
            terminationGracePeriodSeconds: 1
            containers: [{name: app, image: process, command: [sh, -c, 'echo up; exec sleep 600']}]
          """);
      kubectl.ok("apply", "-f", pod.toString());
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "pod", "local", "--no-headers",
          "-o", "wide")).containsPattern("local\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+\\S+\\s+" + node + "\\s"));
      assertThat(kubectl.ok("delete", "pod", "local", "--timeout=30s")).contains("pod \"local\" deleted");

      assertThat(server.stop()).isZero();
    }
  }
}
