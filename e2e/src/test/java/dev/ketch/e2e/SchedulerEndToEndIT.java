package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler as users run it: inside `bin/ketch server`, and on its own as `bin/ketch scheduler
 * --kubeconfig …` beside a server started with --disable-scheduler. Nodes are simulated (Node
 * objects with capacity, no kubelet); kubectl creates them and the pods.
 */
class SchedulerEndToEndIT {

  private static final String OBJECTS = """
      apiVersion: v1
      kind: Node
      metadata:
        name: sim-1
        labels: {kubernetes.io/hostname: sim-1}
      status:
        capacity: {cpu: "2", memory: 4Gi, pods: "110"}
        allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
        conditions: [{type: Ready, status: "True"}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: small}
      spec:
        containers: [{name: c, image: busybox, resources: {requests: {cpu: 500m}}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: huge}
      spec:
        containers: [{name: c, image: busybox, resources: {requests: {cpu: "8"}}}]
      """;

  @TempDir Path tmp;

  private KetchProcess server(String... extra) {
    String[] base = {"server", "--disable-agent", "--data-dir", tmp.resolve("data").toString(), "--etcd-listen", "off",
        "--https-listen", "127.0.0.1:" + KetchProcess.freePort()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), args);
  }

  private static String field(Kubectl k, String pod, String jsonPath) {
    return k.run("get", "pod", pod, "-o", "jsonpath={" + jsonPath + "}").stdout();
  }

  @Test
  void theServerSchedulesPodsAndExplainsThoseThatDoNotFit() {
    try (KetchProcess ketch = server()) {
      assertThat(ketch.output()).contains("scheduler:      default-scheduler");
      Kubectl k = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
      k.runWithInput(OBJECTS, "apply", "-f", "-");
      await().atMost(Duration.ofSeconds(60)).until(() -> field(k, "small", ".spec.nodeName").equals("sim-1"));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        String describe = k.run("describe", "pod", "huge").stdout();
        assertThat(describe).containsPattern("Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+0/1 nodes are available: "
            + "1 Insufficient cpu\\.");
      });
      assertThat(k.run("describe", "pod", "small").stdout())
          .containsPattern("Normal\\s+Scheduled\\s+.*default-scheduler\\s+Successfully assigned default/small to sim-1");
      assertThat(field(k, "huge", ".status.conditions[?(@.type==\"PodScheduled\")].reason")).isEqualTo("Unschedulable");
    }
  }

  @Test
  void aSchedulerOfItsOwnServesASplitControlPlane() throws Exception {
    try (KetchProcess ketch = server("--disable-scheduler")) {
      assertThat(ketch.output()).contains("scheduler:      disabled");
      Kubectl k = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
      k.runWithInput(OBJECTS, "apply", "-f", "-");
      Path log = tmp.resolve("scheduler.log");
      ProcessBuilder pb = new ProcessBuilder(KetchProcess.root().resolve("bin/ketch").toString(), "scheduler",
          "--kubeconfig", tmp.resolve("data/kubeconfig").toString()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("KETCH_SKIP_BUILD", "1");
      assertThat(field(k, "small", ".spec.nodeName")).isEmpty();
      Process scheduler = pb.start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> field(k, "small", ".spec.nodeName").equals("sim-1"));
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Ketch scheduler is running: default-scheduler");
      } finally {
        scheduler.destroy();
        assertThat(scheduler.waitFor(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(scheduler.exitValue()).isZero();
    }
  }
}
