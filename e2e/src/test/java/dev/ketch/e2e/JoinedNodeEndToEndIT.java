package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.Command;
import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second machine joining the cluster as users do it: `bin/ketch server --disable-agent`, its
 * token printed by `bin/ketch token`, and `bin/ketch agent --server … --token … --runtime process`
 * in a data directory of its own; pods bound to the joined node run as host processes, driven by
 * stock kubectl. The request-rate test goes last: it uses up this address's credential requests.
 * Commands are written with {@code $$$$} where the shell should see {@code $$}: the kubelet expands
 * {@code $(VAR)} and turns {@code $$} into {@code $}, as upstream's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinedNodeEndToEndIT {

  private static final String NODE = "worker-1";

  @TempDir static Path tmp;

  static KetchProcess server;
  static KetchProcess agent;
  static Kubectl kubectl;
  static String url;
  static String token;

  @BeforeAll
  static void joinASecondMachine() {
    int port = KetchProcess.freePort();
    url = "https://127.0.0.1:" + port;
    server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server", "--data-dir",
        tmp.resolve("server").toString(), "--etcd-listen", "off", "--https-listen", "127.0.0.1:" + port, "--disable-agent");
    kubectl = Kubectl.defaultVersion(tmp.resolve("server/kubeconfig"));
    token = ketch("token", "--data-dir", tmp.resolve("server").toString()).requireSuccess().stdout().trim();
    agent = startAgent();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      // Pods first, while the agent still runs: their processes must not outlive the test.
      kubectl.run("delete", "pods", "--all", "--grace-period=1", "--timeout=30s");
      agent.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static KetchProcess startAgent() {
    return KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(90), "agent", "--server", url, "--token", token,
        "--data-dir", tmp.resolve("agent").toString(), "--node-name", NODE, "--runtime", "process",
        "--max-container-restart-period", "2s");
  }

  private static Command.Result ketch(String... args) {
    List<String> command = new ArrayList<>(List.of(KetchProcess.root().resolve("bin/ketch").toString()));
    command.addAll(List.of(args));
    return Command.run(Duration.ofSeconds(60), Map.of("KETCH_SKIP_BUILD", "1"), null, command);
  }

  private static void apply(String yaml) throws IOException {
    Path file = Files.createTempFile(tmp, "pod-", ".yaml");
    Files.writeString(file, yaml);
    kubectl.ok("apply", "-f", file.toString());
  }

  private static String field(String pod, String jsonPath) {
    return kubectl.run("get", "pod", pod, "-o", "jsonpath={" + jsonPath + "}").stdout();
  }

  private static int restarts(String pod) {
    String n = field(pod, ".status.containerStatuses[0].restartCount");
    return n.isEmpty() ? 0 : Integer.parseInt(n);
  }

  @Test
  @Order(1)
  void theJoinedNodeIsReadyWithItsOwnCertificateAndLease() throws Exception {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "nodes", NODE, "--no-headers"))
        .containsPattern(NODE + "\\s+Ready\\s"));
    assertThat(kubectl.ok("get", "node", NODE, "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion}"))
        .isEqualTo("process://0.1.0");
    assertThat(kubectl.ok("get", "lease", NODE, "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}"))
        .isEqualTo(NODE);
    String kubeconfig = Files.readString(tmp.resolve("agent/kubeconfig"));
    assertThat(kubeconfig).doesNotContain(token.substring(token.indexOf("::") + 2));
    assertThat(agent.output()).contains("joined cluster server=" + url + " node=" + NODE);
  }

  @Test
  @Order(2)
  void aCrashingCommandShowsItsExitCodeAndRestartsWithAGrowingCount() throws Exception {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: crash}
        spec:
          nodeName: worker-1
          containers:
          - {name: app, image: process, command: [sh, -c, 'echo hello; sleep 1; exit 3']}
        """);

    await().atMost(Duration.ofSeconds(30)).until(() -> restarts("crash") >= 1);
    int first = restarts("crash");
    assertThat(field("crash", ".status.containerStatuses[0].lastState.terminated.exitCode")).isEqualTo("3");
    assertThat(field("crash", ".status.containerStatuses[0].lastState.terminated.reason")).isEqualTo("Error");
    await().atMost(Duration.ofSeconds(30)).until(() -> restarts("crash") > first);
    assertThat(kubectl.ok("get", "pod", "crash", "--no-headers")).containsPattern("crash\\s+\\S+\\s+\\S+\\s+([2-9]|\\d\\d+) \\(");
    // The output is kept in CRI's format where `kubectl logs` will read it on the node (a restart
    // removes older files, so the listing is retried).
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
      try (var logs = Files.walk(tmp.resolve("agent/pods"))) {
        List<Path> files = logs.filter(p -> p.toString().contains("default_crash_") && p.toString().endsWith(".log")).toList();
        assertThat(files).isNotEmpty();
        assertThat(Files.readString(files.getLast())).containsPattern("^\\S+ stdout F hello\\n");
      }
    });
    kubectl.ok("delete", "pod", "crash", "--grace-period=1");
  }

  @Test
  @Order(3)
  void probesReachHostProcessesAndAFailingLivenessProbeRestarts() throws Exception {
    int port = KetchProcess.freePort();
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          nodeName: worker-1
          containers:
          - name: web
            image: process
            command: [sh, -c, 'mkdir -p www && echo ok > www/index.html && exec busybox httpd -f -h www -p %d']
            readinessProbe: {httpGet: {path: /, port: %d}, periodSeconds: 1}
            livenessProbe: {tcpSocket: {port: %d}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: sick}
        spec:
          nodeName: worker-1
          containers:
          - name: app
            image: process
            command: [sleep, "600"]
            livenessProbe: {exec: {command: [sh, -c, 'exit 1']}, periodSeconds: 1, failureThreshold: 1}
        """.formatted(port, port, port));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "pod", "web", "--no-headers"))
        .containsPattern("web\\s+1/1\\s+Running\\s+0\\s"));
    assertThat(field("web", ".status.podIP")).isEqualTo("127.0.0.1");
    await().atMost(Duration.ofSeconds(30)).until(() -> restarts("sick") >= 1);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.ok("get", "events").lines()
        .filter(l -> l.contains("pod/sick")).toList()).anyMatch(l -> l.contains("Liveness probe failed"))
        .anyMatch(l -> l.contains("Killing")));
    assertThat(restarts("web")).isZero();
    kubectl.ok("delete", "pod", "web", "sick", "--grace-period=1");
  }

  @Test
  @Order(4)
  void aGracefulDeleteSendsSigtermThenSigkillAfterTheGracePeriod() throws Exception {
    Path marks = tmp.resolve("marks");
    Files.createDirectories(marks);
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: polite}
        spec:
          nodeName: worker-1
          terminationGracePeriodSeconds: 30
          containers:
          - {name: app, image: process, command: [sh, -c, 'trap "echo term > %1$s/polite; exit 0" TERM; while true; do sleep 0.2; done']}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: stubborn}
        spec:
          nodeName: worker-1
          terminationGracePeriodSeconds: 2
          containers:
          - {name: app, image: process, command: [sh, -c, 'echo $$$$ > %1$s/stubborn.pid; trap "echo ignored > %1$s/stubborn" TERM; while true; do sleep 0.2; done']}
        """.formatted(marks));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "pods", "polite", "stubborn"))
        .containsPattern("polite\\s+1/1\\s+Running").containsPattern("stubborn\\s+1/1\\s+Running"));
    long pid = Long.parseLong(Files.readString(marks.resolve("stubborn.pid")).trim());

    long start = System.nanoTime();
    kubectl.ok("delete", "pod", "polite", "--timeout=30s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(Files.readString(marks.resolve("polite")).trim()).isEqualTo("term");

    start = System.nanoTime();
    kubectl.ok("delete", "pod", "stubborn", "--timeout=30s");
    // SIGTERM was ignored; SIGKILL came only once the 2 s grace period had passed.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(Files.readString(marks.resolve("stubborn")).trim()).isEqualTo("ignored");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  @Order(5)
  void aRestartedAgentAdoptsRunningProcessesInsteadOfStartingThemAgain() throws Exception {
    Path starts = tmp.resolve("starts");
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: steady}
        spec:
          nodeName: worker-1
          containers:
          - {name: app, image: process, command: [sh, -c, 'echo $$$$ >> %s; exec sleep 600']}
        """.formatted(starts));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "pod", "steady", "--no-headers"))
        .containsPattern("steady\\s+1/1\\s+Running\\s+0\\s"));
    String containerId = field("steady", ".status.containerStatuses[0].containerID");
    long pid = Long.parseLong(Files.readString(starts).trim());

    assertThat(agent.stop()).isZero();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    agent = startAgent();

    assertThat(agent.output()).contains("reusing node credentials").doesNotContain("joining cluster");
    // Give the new kubelet a few syncs: it must see the process it adopted as the pod's.
    Thread.sleep(3000);
    assertThat(field("steady", ".status.containerStatuses[0].containerID")).isEqualTo(containerId);
    assertThat(restarts("steady")).isZero();
    assertThat(Files.readAllLines(starts)).containsExactly(String.valueOf(pid));
    kubectl.ok("delete", "pod", "steady", "--grace-period=1");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  @Order(6)
  void aWrongTokenOrCaHashIsRefused() {
    String credential = token.substring(token.indexOf("::") + 2);
    String wrongSecret = token.substring(0, token.lastIndexOf('.') + 1) + "0".repeat(16);
    String wrongCa = "K10" + "0".repeat(64) + "::" + credential;

    Command.Result refused = ketch("agent", "--server", url, "--token", wrongSecret, "--data-dir",
        tmp.resolve("intruder").toString(), "--node-name", "intruder");
    Command.Result unpinned = ketch("agent", "--server", url, "--token", wrongCa, "--data-dir",
        tmp.resolve("intruder").toString(), "--node-name", "intruder");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.stderr()).contains("ketch: the server refused the join token (401 Unauthorized)");
    assertThat(unpinned.exitCode()).isEqualTo(2);
    assertThat(unpinned.stderr()).contains("ketch: refusing to join: the server's CA hash is sha256:")
        .contains("but the token pins sha256:" + "0".repeat(64));
    assertThat(tmp.resolve("intruder/kubeconfig")).doesNotExist();
    assertThat(kubectl.run("get", "node", "intruder").exitCode()).isNotZero();
  }

  @Test
  @Order(7)
  void credentialRequestsAreLimitedPerAddress() {
    Command.Result flood = Command.run(Duration.ofSeconds(60), Map.of(), null, List.of("sh", "-c",
        "for i in $(seq 12); do curl -sk -o /dev/null -w '%{http_code}\\n' -X POST"
            + " -H 'Authorization: Bearer aaaaaa.bbbbbbbbbbbbbbbb' " + url + "/ketch/v1/node-credentials; done"));

    List<String> codes = flood.stdout().lines().toList();
    assertThat(codes).hasSize(12).startsWith("401").endsWith("429");
    assertThat(codes.subList(codes.indexOf("429"), codes.size())).containsOnly("429");
  }
}
