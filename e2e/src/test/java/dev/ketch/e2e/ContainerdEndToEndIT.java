package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ketch server --runtime containerd}: this machine registers as a node whose pods run in
 * containerd (bin/setup starts it and imports ketch.local/busybox:1), driven by stock kubectl. The
 * server is told to use containerd, so these tests fail when it is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerdEndToEndIT {

  static final String IMAGE = "ketch.local/busybox:1";
  static final String NODE = "ketch-e2e";

  @TempDir
  static Path tmp;

  static KetchProcess server;
  static Kubectl kubectl;
  static String[] serverArgs;

  @BeforeAll
  static void start() {
    int httpsPort = KetchProcess.freePort();
    serverArgs = new String[] {"server", "--data-dir", tmp.resolve("data").toString(), "--etcd-listen", "off",
        "--https-listen", "127.0.0.1:" + httpsPort, "--runtime", "containerd", "--node-name", NODE};
    server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), serverArgs);
    kubectl = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
    assertThat(server.output()).contains("this node:      " + NODE + " (containerd://");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "node", NODE, "--no-headers"))
        .containsPattern(NODE + "\\s+Ready\\s"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      // The containers outlive the server: delete the pods first so the agent stops them.
      kubectl.run("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
      server.stop();
    }
  }

  static String field(String pod, String jsonPath) {
    return kubectl.ok("get", "pod", pod, "-o", "jsonpath={" + jsonPath + "}");
  }

  /** The pod's first container's restart count; -1 while its status is not there yet. */
  static int restarts(String pod) {
    String count = field(pod, ".status.containerStatuses[0].restartCount");
    return count.isEmpty() ? -1 : Integer.parseInt(count);
  }

  static void apply(String yaml) {
    kubectl.runWithInput(yaml, "apply", "-f", "-").requireSuccess();
  }

  static void awaitField(String pod, String jsonPath, String expected) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(field(pod, jsonPath)).isEqualTo(expected));
  }

  static String busybox(String name, String restartPolicy, String command, String extra) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {test: containerd}}
        spec:
          restartPolicy: %s
          terminationGracePeriodSeconds: 5
          containers:
          - name: app
            image: %s
            command: ["sh", "-c", %s]
        %s""".formatted(name, restartPolicy, IMAGE, quote(command), extra.indent(4));
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  @Order(1)
  void kubectlRunRestartsAContainerThatExits() {
    kubectl.ok("run", "testpod", "--image=" + IMAGE, "--command", "--", "sleep", "5");

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(restarts("testpod")).isGreaterThanOrEqualTo(1));
    assertThat(field("testpod", ".status.containerStatuses[0].lastState.terminated.reason")).isEqualTo("Completed");
    assertThat(kubectl.ok("get", "pod", "testpod", "--no-headers")).containsPattern("testpod\\s+\\d/1\\s+\\S+\\s+[1-9]");
    assertThat(field("testpod", ".status.podIP")).startsWith("10.42.0.");
  }

  @Test
  @Order(2)
  void logsExecAndPortForwardReachTheContainerThroughContainerdsStreamingServer() throws Exception {
    kubectl.ok("run", "talker", "--image=" + IMAGE, "--restart=Never", "--command", "--", "sh", "-c",
        "echo one; echo two >&2; mkdir -p /www; echo hi > /www/index.html; exec httpd -f -p 8080 -h /www");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(kubectl.run("logs", "talker").stdout().lines()).containsExactlyInAnyOrder("one", "two"));
    // Standard output and error reach the log through separate pipes: their order is not fixed.
    assertThat(kubectl.ok("logs", "talker", "--tail=1").lines()).hasSize(1).isSubsetOf("one", "two");
    for (int minor : new int[] {27, 33}) {
      Kubectl k = Kubectl.version(minor, tmp.resolve("data/kubeconfig"));
      var r = k.run("exec", "talker", "--", "sh", "-c", "echo in; exit 3");
      assertThat(r.exitCode()).as("kubectl 1.%d exec", minor).isEqualTo(3);
      assertThat(r.stdout()).isEqualTo("in\n");
      assertThat(k.runWithInput("piped\n", "exec", "-i", "talker", "--", "cat").requireSuccess().stdout()).isEqualTo("piped\n");
      int local = KetchProcess.freePort();
      Path out = tmp.resolve("forward-" + minor + ".log");
      Process forward = k.start(out, "port-forward", "pod/talker", local + ":8080");
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("Forwarding from 127.0.0.1"));
        try (HttpClient http = HttpClient.newHttpClient()) {
          assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/index.html")).build(),
              HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hi\n");
        }
      } finally {
        forward.destroy();
        forward.waitFor();
      }
    }
    kubectl.ok("delete", "pod", "talker", "--grace-period=1");
  }

  @Test
  @Order(2)
  void aDeploymentOfThreeWebServersBecomesReadyAndEachAnswersOnItsOwnAddress() throws Exception {
    apply("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web, test: containerd}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: httpd
                image: %s
                command: [sh, -c, 'hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
                readinessProbe:
                  httpGet: {path: /, port: 8080}
                  periodSeconds: 1
        """.formatted(IMAGE));
    kubectl.ok("rollout", "status", "deployment/web", "--timeout=90s");
    assertThat(kubectl.ok("get", "deployment", "web", "--no-headers")).containsPattern("web\\s+3/3\\s+3\\s+3\\s");

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Set<String> ips = new HashSet<>();
    for (String pod : kubectl.ok("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}").trim().split("\\s+")) {
      String ip = field(pod, ".status.podIP");
      ips.add(ip);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().trim()).isEqualTo(pod);
    }
    assertThat(ips).hasSize(3).allMatch(ip -> ip.startsWith("10.42."));
    kubectl.ok("delete", "deployment", "web", "--timeout=60s");
  }

  @Test
  @Order(2)
  void aJobsPodRunsToCompletion() {
    kubectl.ok("create", "job", "once", "--image=" + IMAGE, "--", "sh", "-c", "echo done");
    kubectl.ok("wait", "--for=condition=Complete", "job/once", "--timeout=90s");
    String pod = kubectl.ok("get", "pods", "-l", "job-name=once", "-o", "jsonpath={.items[0].metadata.name}").trim();
    assertThat(field(pod, ".status.phase")).isEqualTo("Succeeded");
    assertThat(field(pod, ".status.containerStatuses[0].state.terminated.reason")).isEqualTo("Completed");
    assertThat(kubectl.ok("get", "job", "once", "-o", "jsonpath={.status.succeeded}")).isEqualTo("1");
    kubectl.ok("delete", "job", "once", "--timeout=60s");
  }

  @Test
  @Order(3)
  void aFailingLivenessProbeRestartsTheContainer() {
    apply(busybox("unhealthy", "Always", "touch /tmp/ok; sleep 2; rm /tmp/ok; exec sleep 3600", """
        livenessProbe:
          exec: {command: [cat, /tmp/ok]}
          periodSeconds: 1
          failureThreshold: 2
        """));

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(restarts("unhealthy")).isGreaterThanOrEqualTo(1));
    assertThat(kubectl.ok("get", "events", "--field-selector", "involvedObject.name=unhealthy"))
        .contains("Liveness probe failed").contains("failed liveness probe, will be restarted");
  }

  @Test
  @Order(4)
  void podsThatNeverRestartEndCompletedOrErrorWithTheExitCode() {
    apply(busybox("done-ok", "Never", "echo bye", ""));
    apply(busybox("done-bad", "Never", "exit 3", ""));

    awaitField("done-ok", ".status.phase", "Succeeded");
    awaitField("done-bad", ".status.phase", "Failed");
    assertThat(field("done-bad", ".status.containerStatuses[0].state.terminated.exitCode")).isEqualTo("3");
    String table = kubectl.ok("get", "pods", "done-ok", "done-bad", "--no-headers");
    assertThat(table).containsPattern("done-ok\\s+0/1\\s+Completed\\s+0").containsPattern("done-bad\\s+0/1\\s+Error\\s+0");
  }

  @Test
  @Order(5)
  void aGracefulDeletionRunsPreStopThenTermThenKill() throws Exception {
    Path out = tmp.resolve("grace");
    Files.createDirectories(out);
    String volume = """
        volumeMounts: [{name: out, mountPath: /out}]
        lifecycle:
          preStop:
            exec: {command: [sh, -c, "echo prestop >> /out/$(hostname)"]}
        """;
    String hostPath = "  volumes: [{name: out, hostPath: {path: " + out + "}}]\n";
    apply(busybox("polite", "Always", "trap 'echo term >> /out/$(hostname); exit 0' TERM; while true; do sleep 1; done", volume)
        + hostPath);
    apply(busybox("stubborn", "Always", "trap '' TERM; while true; do sleep 1; done", volume)
        .replace("terminationGracePeriodSeconds: 5", "terminationGracePeriodSeconds: 2") + hostPath);
    kubectl.ok("wait", "--for=condition=Ready", "pod", "polite", "stubborn", "--timeout=60s");

    kubectl.ok("delete", "pod", "polite", "stubborn", "--timeout=60s");

    assertThat(Files.readAllLines(out.resolve("polite"))).containsExactly("prestop", "term");
    // It ignored SIGTERM: only SIGKILL, after its 2 s of grace, ended it.
    assertThat(Files.readAllLines(out.resolve("stubborn"))).containsExactly("prestop");
    assertThat(kubectl.run("get", "pod", "stubborn").stderr()).contains("NotFound");
  }

  @Test
  @Order(6)
  void badInputIsReportedAndTheOtherPodsKeepRunning() {
    apply(busybox("steady", "Always", "exec sleep 3600", ""));
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: never-pulled}
        spec:
          containers: [{name: app, image: ketch.local/absent:1, imagePullPolicy: Never}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: not-pullable}
        spec:
          containers: [{name: app, image: ketch.local/absent:1, imagePullPolicy: IfNotPresent}]
        """);
    apply(busybox("no-command", "Always", "", "").replace("command: [\"sh\", \"-c\", \"\"]", "command: [/no/such/binary]"));

    awaitField("never-pulled", ".status.containerStatuses[0].state.waiting.reason", "ErrImageNeverPull");
    assertThat(field("never-pulled", ".status.containerStatuses[0].state.waiting.message"))
        .isEqualTo("Container image \"ketch.local/absent:1\" is not present with pull policy of Never");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(field("not-pullable", ".status.containerStatuses[0].state.waiting.reason")).isIn("ErrImagePull", "ImagePullBackOff"));
    assertThat(kubectl.ok("get", "events", "--field-selector", "involvedObject.name=not-pullable"))
        .contains("Failed to pull image \"ketch.local/absent:1\"");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
        field("no-command", ".status.containerStatuses[0].state.waiting.reason") + " "
            + field("no-command", ".status.containerStatuses[0].lastState.terminated.message"))
        .containsPattern("(RunContainerError|CreateContainerError|CrashLoopBackOff)"));
    assertThat(kubectl.ok("get", "events", "--field-selector", "involvedObject.name=no-command"))
        .contains("/no/such/binary");

    assertThat(field("steady", ".status.phase")).isEqualTo("Running");
    assertThat(field("steady", ".status.containerStatuses[0].restartCount")).isEqualTo("0");
  }

  @Test
  @Order(7)
  void aRestartedServerAdoptsTheRunningContainers() {
    apply(busybox("steady", "Always", "exec sleep 3600", ""));
    kubectl.ok("wait", "--for=condition=Ready", "pod", "steady", "--timeout=60s");
    String containerId = field("steady", ".status.containerStatuses[0].containerID");
    String podIp = field("steady", ".status.podIP");

    assertThat(server.stop()).isZero();
    server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), serverArgs);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "node", NODE, "--no-headers"))
        .containsPattern(NODE + "\\s+Ready\\s"));
    // Several syncs later, the same container still runs: adopted, not started again.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(field("steady", ".status.containerStatuses[0].containerID")).isEqualTo(containerId);
      assertThat(field("steady", ".status.containerStatuses[0].restartCount")).isEqualTo("0");
      assertThat(field("steady", ".status.podIP")).isEqualTo(podIp);
      assertThat(field("steady", ".status.containerStatuses[0].ready")).isEqualTo("true");
    });
  }
}
