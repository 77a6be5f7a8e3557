package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.Command;
import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl logs, exec, attach, port-forward and cp through the API server to a joined node's
 * kubelet (process runtime), with kubectl 1.27 (SPDY/3.1) and 1.33 (WebSocket v5 and the
 * port-forward tunnel), and the same through fabric8 (WebSocket v4).
 */
class PodStreamingEndToEndIT {

  @TempDir static Path tmp;

  static KetchProcess server;
  static KetchProcess agent;
  static Kubectl kubectl;
  static int webPort;

  @BeforeAll
  static void startClusterAndPods() throws IOException {
    int port = KetchProcess.freePort();
    String url = "https://127.0.0.1:" + port;
    server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server", "--data-dir",
        tmp.resolve("server").toString(), "--etcd-listen", "off", "--https-listen", "127.0.0.1:" + port, "--disable-agent",
        "--cluster-dns-listen", "off");
    kubectl = Kubectl.defaultVersion(tmp.resolve("server/kubeconfig"));
    String token = Command.run(Duration.ofSeconds(60), Map.of("KETCH_SKIP_BUILD", "1"), null,
        List.of(KetchProcess.root().resolve("bin/ketch").toString(), "token", "--data-dir", tmp.resolve("server").toString()))
        .requireSuccess().stdout().trim();
    agent = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(90), "agent", "--server", url, "--token", token,
        "--data-dir", tmp.resolve("agent").toString(), "--node-name", "streamer", "--runtime", "process",
        "--max-container-restart-period", "1s");
    webPort = KetchProcess.freePort();
    Path www = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(www.resolve("index.html"), "hello from the pod\n");
    Path pods = tmp.resolve("pods.yaml");
    Files.writeString(pods, """
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          terminationGracePeriodSeconds: 1
          containers: [{name: app, image: process, command: [sh, -c, 'i=0; while true; do echo line $$i; i=$$((i+1)); sleep 0.2; done']}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: crash}
        spec:
          terminationGracePeriodSeconds: 1
          containers: [{name: crash, image: process, command: [sh, -c, 'echo run-$$(date +%%s%%N); sleep 1; exit 1']}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: two}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - {name: main, image: process, command: [sleep, '600']}
          - {name: done, image: process, command: ['true']}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 1
          containers: [{name: web, image: process, command: [busybox, httpd, -f, -p, '127.0.0.1:%d', -h, '%s']}]
        """.formatted(webPort, www));
    kubectl.ok("apply", "-f", pods.toString());
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.ok("get", "pods", "app", "web",
        "-o", "jsonpath={.items[*].status.phase}")).isEqualTo("Running Running"));
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      kubectl.run("delete", "pods", "--all", "--grace-period=1", "--timeout=30s");
      agent.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static Kubectl kubectl(int minor) {
    return Kubectl.version(minor, tmp.resolve("server/kubeconfig"));
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void logsTailTimestampsSinceAndFollow(int minor) throws Exception {
    Kubectl k = kubectl(minor);
    await().atMost(Duration.ofSeconds(10)).until(() -> k.ok("logs", "app").lines().count() >= 5);
    assertThat(k.ok("logs", "app", "--tail=2").lines().toList()).hasSize(2).allMatch(l -> l.startsWith("line "));
    assertThat(k.ok("logs", "app", "-c", "app", "--tail=1", "--timestamps"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z line \\d+\\n");
    assertThat(k.ok("logs", "app", "--since=1s").lines().count()).isBetween(1L, 10L);
    Path out = tmp.resolve("follow-" + minor + ".log");
    Process follow = k.start(out, "logs", "-f", "app", "--tail=1");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).lines().count() >= 4);
      assertThat(follow.isAlive()).isTrue();
    } finally {
      follow.destroy();
    }
    List<String> lines = Files.readAllLines(out);
    int first = Integer.parseInt(lines.get(0).substring(5));
    assertThat(lines.get(3)).isEqualTo("line " + (first + 3));
    assertThat(k.run("logs", "app", "-c", "nope").stderr()).contains("container nope is not valid for pod app");
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void logsFollowAcrossRestartsAndShowThePreviousRun(int minor) throws Exception {
    Kubectl k = kubectl(minor);
    Path out = tmp.resolve("crash-" + minor + ".log");
    Process follow = k.start(out, "logs", "-f", "crash");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).lines().distinct().count() >= 2);
    } finally {
      follow.destroy();
    }
    String previous = k.ok("logs", "crash", "--previous");
    assertThat(previous).startsWith("run-");
    assertThat(Files.readString(out)).contains(previous.trim());
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void execPropagatesOutputExitCodesAndInput(int minor) {
    Kubectl k = kubectl(minor);
    Command.Result r = k.run("exec", "app", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).contains("err\n").contains("command terminated with exit code 3");
    assertThat(k.runWithInput("one\ntwo\n", "exec", "-i", "app", "--", "sh", "-c", "cat; echo done").requireSuccess().stdout())
        .isEqualTo("one\ntwo\ndone\n");
    assertThat(k.run("exec", "app", "-c", "nope", "--", "true").stderr()).contains("container nope is not valid for pod app");
    assertThat(k.run("exec", "app", "--", "no-such-command").stderr()).contains("executable file not found");
    assertThat(k.ok("exec", "app", "--", "echo", "still healthy")).isEqualTo("still healthy\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void aContainerThatDoesNotRunGetsTheKubeletsErrorAndLeavesItHealthy(int minor) {
    Kubectl k = kubectl(minor);
    await().atMost(Duration.ofSeconds(20)).until(() -> k.ok("get", "pod", "two", "-o",
        "jsonpath={.status.containerStatuses[?(@.name==\"done\")].state.terminated.reason}").equals("Completed"));
    assertThat(k.run("exec", "two", "-c", "done", "--", "true").stderr())
        .contains("unable to upgrade connection: container not found (\"done\")");
    assertThat(k.run("attach", "two", "-c", "done").stderr())
        .contains("unable to upgrade connection: container not found (\"done\")");
    assertThat(k.run("logs", "two", "-c", "main", "--previous").stderr())
        .contains("previous terminated container \"main\" in pod \"two\" not found");
    assertThat(k.ok("exec", "two", "-c", "main", "--", "echo", "fine")).isEqualTo("fine\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void execWithATerminalGetsItsSizeAndExitCode(int minor) {
    Kubectl k = kubectl(minor);
    // util-linux script gives kubectl a pseudo-terminal of a known size, as a user's shell would.
    String inner = "stty rows 33 cols 101; " + k.binary() + " --kubeconfig=" + tmp.resolve("server/kubeconfig")
        + " exec -it app -- sh";
    Command.Result r = Command.run(Duration.ofSeconds(30), Map.of(), "stty size\nexit 4\n",
        List.of("script", "-qec", inner, "/dev/null"));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.stdout()).contains("33 101").contains("command terminated with exit code 4");
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void attachShowsTheContainersOutput(int minor) throws Exception {
    Path out = tmp.resolve("attach-" + minor + ".log");
    Process attach = kubectl(minor).start(out, "attach", "app");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).lines().filter(l -> l.startsWith("line ")).count() >= 3);
    } finally {
      attach.destroy();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void portForwardCarriesParallelConnectionsAndSurvivesABrokenOne(int minor) throws Exception {
    int local = KetchProcess.freePort();
    Path out = tmp.resolve("forward-" + minor + ".log");
    Process forward = kubectl(minor).start(out, "port-forward", "pod/web", local + ":" + webPort);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("Forwarding from 127.0.0.1"));
      try (Socket broken = new Socket("127.0.0.1", local)) {
        broken.getOutputStream().write("GET / HT".getBytes(StandardCharsets.US_ASCII));
      }
      assertThat(parallelGets(local, 16)).allMatch(body -> body.equals("hello from the pod\n"));
      assertThat(forward.isAlive()).isTrue();
    } finally {
      forward.destroy();
      forward.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void portForwardToAPortNothingListensOnReportsTheErrorAndLeavesTheKubeletHealthy(int minor) throws Exception {
    int local = KetchProcess.freePort();
    int closed = KetchProcess.freePort();
    Path out = tmp.resolve("forward-closed-" + minor + ".log");
    Process forward = kubectl(minor).start(out, "port-forward", "pod/web", local + ":" + closed);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("Forwarding from 127.0.0.1"));
      try (Socket s = new Socket("127.0.0.1", local)) {
        s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getInputStream().readAllBytes();
      } catch (IOException e) {
        // The connection fails, as it should.
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(out))
          .contains("error forwarding port " + closed).contains("Connection refused"));
    } finally {
      forward.destroy();
      forward.waitFor(5, TimeUnit.SECONDS);
    }
    assertThat(kubectl(minor).ok("exec", "web", "--", "echo", "ok")).isEqualTo("ok\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {27, 33})
  void cpCopiesADirectoryBothWays(int minor) throws Exception {
    Kubectl k = kubectl(minor);
    Path src = Files.createDirectories(tmp.resolve("cp-src-" + minor + "/sub"));
    Files.writeString(src.resolve("small.txt"), "small\n");
    byte[] big = new byte[300_000];
    new java.util.Random(minor).nextBytes(big);
    Files.write(src.resolve("big.bin"), big);
    Path inPod = tmp.resolve("cp-in-pod-" + minor);
    k.ok("cp", tmp.resolve("cp-src-" + minor).toString(), "app:" + inPod);
    Path back = tmp.resolve("cp-back-" + minor);
    k.ok("cp", "app:" + inPod, back.toString());
    assertThat(Files.readString(back.resolve("sub/small.txt"))).isEqualTo("small\n");
    assertThat(Files.readAllBytes(back.resolve("sub/big.bin"))).isEqualTo(big);
  }

  @Test
  void fabric8ExecLogWatchAndPortForward() throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(tmp.resolve("server/kubeconfig")));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      try (ExecWatch exec = client.pods().inNamespace("default").withName("app").writingOutput(stdout).writingError(stderr)
          .exec("sh", "-c", "echo fabric8; echo oops >&2; exit 5")) {
        assertThat(exec.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(5);
      }
      assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("fabric8\n");
      assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");

      ByteArrayOutputStream logs = new ByteArrayOutputStream();
      try (LogWatch watch = client.pods().inNamespace("default").withName("app").tailingLines(1).watchLog(logs)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.toString(StandardCharsets.UTF_8).lines().count() >= 3);
      }

      try (LocalPortForward forward = client.pods().inNamespace("default").withName("web").portForward(webPort)) {
        assertThat(parallelGets(forward.getLocalPort(), 8)).allMatch(body -> body.equals("hello from the pod\n"));
      }
    }
  }

  private static List<String> parallelGets(int port, int count) {
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      List<CompletableFuture<String>> bodies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        bodies.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body));
      }
      return bodies.stream().map(CompletableFuture::join).toList();
    }
  }
}
