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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service walkthrough on a real node: {@code bin/ketch server --runtime containerd
 * --proxy-mode iptables}, a Deployment {@code webui} of three web servers, the Service {@code
 * webui-service} in front of them, and pods that reach it by name through the cluster DNS and the
 * virtual IP the proxy programs. Pods write what they saw to a hostPath directory the test reads.
 * Needs root and containerd (bin/setup); fails without them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceWalkthroughEndToEndIT {

  static final String IMAGE = "ketch.local/busybox:1";
  static final String NODE = "ketch-walkthrough";

  @TempDir
  static Path tmp;

  static KetchProcess server;
  static Kubectl kubectl;
  static Path out;

  @BeforeAll
  static void start() throws Exception {
    out = Files.createDirectories(tmp.resolve("out"));
    server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server", "--data-dir",
        tmp.resolve("data").toString(), "--etcd-listen", "off", "--https-listen", "127.0.0.1:" + KetchProcess.freePort(),
        "--runtime", "containerd", "--node-name", NODE, "--proxy-mode", "iptables");
    kubectl = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
    assertThat(server.output()).contains("this node:      " + NODE + " (containerd://");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.ok("get", "node", NODE, "--no-headers"))
        .containsPattern(NODE + "\\s+Ready\\s"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      kubectl.run("delete", "deployment", "--all", "--timeout=60s");
      kubectl.run("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
      server.stop();
    }
  }

  @Test
  @Order(1)
  void aDeploymentBehindAServiceAnswersByNameFromAnotherPodSpreadOverItsPods() throws Exception {
    kubectl.ok("create", "deployment", "webui", "--image=" + IMAGE, "--replicas=3", "--",
        "sh", "-c", "hostname > /www/index.html && exec httpd -f -p 80 -h /www");
    kubectl.ok("expose", "deployment", "webui", "--name=webui-service", "--port=80", "--target-port=80");
    kubectl.ok("rollout", "status", "deployment/webui", "--timeout=120s");
    Set<String> webPods = new TreeSet<>(List.of(kubectl.ok("get", "pods", "-l", "app=webui", "-o",
        "jsonpath={.items[*].metadata.name}").trim().split("\\s+")));
    assertThat(webPods).hasSize(3);

    List<String> shortName = ask("client-1", "webui-service", 30);
    List<String> fqdn = ask("client-2", "webui-service.default.svc.cluster.local", 30);

    assertThat(shortName).hasSize(30).allSatisfy(line -> assertThat(webPods).contains(line));
    assertThat(new TreeSet<>(shortName)).isEqualTo(webPods);
    assertThat(fqdn).hasSize(30).allSatisfy(line -> assertThat(webPods).contains(line));
  }

  @Test
  @Order(2)
  void deletingAPodNeverBreaksTheName() throws Exception {
    String victim = kubectl.ok("get", "pods", "-l", "app=webui", "-o", "jsonpath={.items[0].metadata.name}").trim();
    kubectl.ok("delete", "pod", victim, "--wait=false");
    List<String> answers = ask("client-3", "webui-service", 40);
    assertThat(answers).hasSize(40).allSatisfy(line -> assertThat(line).startsWith("webui-"));
    kubectl.ok("rollout", "status", "deployment/webui", "--timeout=120s");
    assertThat(kubectl.ok("get", "pods", "-l", "app=webui", "--no-headers").lines().filter(l -> l.contains("Running")))
        .hasSize(3);
  }

  @Test
  @Order(3)
  void aNodePortIsReachableFromTheHost() throws Exception {
    kubectl.ok("expose", "deployment", "webui", "--name=webui-nodeport", "--type=NodePort", "--port=80", "--target-port=80");
    String nodePort = kubectl.ok("get", "service", "webui-nodeport", "-o", "jsonpath={.spec.ports[0].nodePort}").trim();
    String nodeIp = kubectl.ok("get", "node", NODE, "-o",
        "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").trim();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + nodeIp + ":" + nodePort + "/"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().trim()).startsWith("webui-");
    });
  }

  @Test
  @Order(4)
  void aDeletedServiceNoLongerResolvesAndItsAddressGoesDead() throws Exception {
    String vip = kubectl.ok("get", "service", "webui-service", "-o", "jsonpath={.spec.clusterIP}").trim();
    kubectl.ok("delete", "service", "webui-service");
    List<String> byName = ask("client-4", "webui-service", 1);
    List<String> byAddress = ask("client-5", vip, 1);
    assertThat(byName).containsExactly("unreachable");
    assertThat(byAddress).containsExactly("unreachable");
  }

  /**
   * Runs a pod that fetches {@code http://<target>/} {@code times} times (each with one retry) and
   * writes each answer (or "unreachable") to a file on the host, and returns those lines once the pod has completed.
   */
  static List<String> ask(String pod, String target, int times) throws Exception {
    String file = pod + ".txt";
    // wget -qO- as users run it; Debian's busybox wget crashes on -T, so timeout bounds it instead.
    String fetch = "timeout 5 wget -qO- http://" + target + " >> /out/" + file + " 2>/dev/null";
    // One retry a second later, as a client does: a request racing a pod's shutdown may fail once.
    String script = "for i in $(seq " + times + "); do " + fetch + " || (sleep 1; " + fetch + ") || echo unreachable >> /out/"
        + file + "; done";
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          restartPolicy: Never
          containers:
          - name: client
            image: %s
            command: [sh, -c, '%s']
            volumeMounts: [{name: out, mountPath: /out}]
          volumes:
          - name: out
            hostPath: {path: %s}
        """.formatted(pod, IMAGE, script, out), "apply", "-f", "-").requireSuccess();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(kubectl.ok("get", "pod", pod, "-o", "jsonpath={.status.phase}")).isEqualTo("Succeeded"));
    return Files.readAllLines(out.resolve(file)).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }
}
