package dev.ketch.controllers.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.TestCluster;
import dev.ketch.testing.kubelet.FakeKubelet;
import dev.ketch.testing.launcher.Command;
import dev.ketch.testing.launcher.Kubectl;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl's workload commands against the in-process API server with the controller
 * manager running and pods run by the fake kubelet: create and apply, scale, {@code rollout
 * status|history|undo|restart|pause|resume}, {@code set image}, {@code wait}, and the columns of
 * {@code get rs,pods,endpoints,endpointslices}. Every preinstalled kubectl version runs the core
 * of it.
 */
class KubectlRolloutIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir);
    client = cluster.client();
    kubelet = FakeKubelet.start(client, FakeKubelet.Config.nodes(3).withReadyAfter(Duration.ofMillis(100)));
    kubelet.createNodes();
    kubectl = Kubectl.defaultVersion(cluster.kubeconfig());
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static String ok(Kubectl k, String... args) {
    Command.Result r = k.run(args);
    assertThat(r.exitCode()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.stdout(), r.stderr()).isZero();
    return r.stdout();
  }

  private static String ok(String... args) {
    return ok(kubectl, args);
  }

  private static Deployment deployment(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  @Test
  void createScaleSetImageStatusHistoryUndo() {
    String ns = "kc-rollout";
    cluster.createNamespace(ns);
    ok("create", "deployment", "web", "--image=nginx:1", "--replicas=3", "-n", ns);

    String status = ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
    assertThat(status).contains("deployment \"web\" successfully rolled out");
    assertThat(deployment(ns, "web").getStatus().getAvailableReplicas()).isEqualTo(3);

    assertThat(ok("scale", "deployment/web", "--replicas=5", "-n", ns)).contains("deployment.apps/web scaled");
    assertThat(ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    assertThat(deployment(ns, "web").getStatus().getAvailableReplicas()).isEqualTo(5);

    assertThat(ok("set", "image", "deployment/web", "nginx=nginx:2", "-n", ns)).contains("deployment.apps/web image updated");
    // As upstream, the Deployment's annotations are copied to its newest ReplicaSet: annotated
    // after the change, the cause lands on revision 2 only.
    ok("annotate", "deployment/web", "kubernetes.io/change-cause=move to nginx 2", "-n", ns);
    // Whether kubectl saw the rollout in progress ("Waiting for ...") depends on timing; it
    // returns once the new ReplicaSet has every replica.
    assertThat(ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    Deployment d = deployment(ns, "web");
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(5);
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");

    String history = ok("rollout", "history", "deployment/web", "-n", ns);
    assertThat(history).contains("REVISION").contains("CHANGE-CAUSE");
    assertThat(history.lines().filter(l -> l.matches("^1\\s+.*")).findFirst().orElseThrow()).contains("<none>");
    assertThat(history.lines().filter(l -> l.matches("^2\\s+.*")).findFirst().orElseThrow()).contains("move to nginx 2");
    assertThat(ok("rollout", "history", "deployment/web", "-n", ns, "--revision=2")).contains("nginx:2");

    assertThat(ok("rollout", "undo", "deployment/web", "-n", ns)).contains("deployment.apps/web rolled back");
    assertThat(ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    d = deployment(ns, "web");
    assertThat(image(d)).isEqualTo("nginx:1");
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    history = ok("rollout", "history", "deployment/web", "-n", ns);
    assertThat(history.lines().filter(l -> l.matches("^[0-9]+\\s+.*")).map(l -> l.split("\\s+")[0]).toList()).containsExactly("2", "3");
    // The ReplicaSet of revision 1 came back as revision 3 and remembers it.
    List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
    ReplicaSet current = sets.stream().filter(rs -> "3".equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))
        .findFirst().orElseThrow();
    assertThat(current.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision-history", "1");
    assertThat(current.getSpec().getReplicas()).isEqualTo(5);

    assertThat(ok("wait", "--for=condition=Available", "deployment/web", "-n", ns, "--timeout=60s")).contains("condition met");
  }

  @Test
  void applyRestartPauseAndResume() {
    String ns = "kc-restart";
    cluster.createNamespace(ns);
    String yaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 2
          selector:
            matchLabels: {app: api}
          strategy:
            rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
              - name: api
                image: registry.example/api:1
        """;
    assertThat(kubectl.runWithInput(yaml, "apply", "-n", ns, "-f", "-").requireSuccess().stdout()).contains("deployment.apps/api created");
    assertThat(ok("rollout", "status", "deployment/api", "-n", ns, "--timeout=60s")).contains("successfully rolled out");

    assertThat(ok("rollout", "restart", "deployment/api", "-n", ns)).contains("deployment.apps/api restarted");
    assertThat(ok("rollout", "status", "deployment/api", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    Deployment d = deployment(ns, "api");
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    await().until(() -> client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count() == 2);

    assertThat(ok("rollout", "pause", "deployment/api", "-n", ns)).contains("deployment.apps/api paused");
    ok("set", "image", "deployment/api", "api=registry.example/api:2", "-n", ns);
    await().untilAsserted(() -> {
      Deployment paused = deployment(ns, "api");
      assertThat(paused.getStatus().getObservedGeneration()).isEqualTo(paused.getMetadata().getGeneration());
      assertThat(paused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("DeploymentPaused"));
    });
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(2);

    assertThat(ok("rollout", "resume", "deployment/api", "-n", ns)).contains("deployment.apps/api resumed");
    assertThat(ok("rollout", "status", "deployment/api", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    assertThat(image(deployment(ns, "api"))).isEqualTo("registry.example/api:2");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(3);
  }

  @Test
  void getShowsReadyColumnsAndEndpoints() {
    String ns = "kc-get";
    cluster.createNamespace(ns);
    ok("create", "deployment", "web", "--image=nginx:1", "--replicas=2", "--port=8080", "-n", ns);
    ok("expose", "deployment/web", "--port=80", "--target-port=8080", "-n", ns);
    ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");

    await().untilAsserted(() -> {
      String out = ok("get", "rs,pods", "-n", ns);
      List<String> rsLine = out.lines().filter(l -> l.startsWith("replicaset.apps/web-")).toList();
      assertThat(rsLine).singleElement().satisfies(l -> assertThat(l.split("\\s+")).containsSequence("2", "2", "2"));
      List<String> podLines = out.lines().filter(l -> l.startsWith("pod/web-")).toList();
      assertThat(podLines).hasSize(2).allSatisfy(l -> assertThat(l.split("\\s+")).containsSequence("1/1", "Running", "0"));
    });
    assertThat(ok("get", "deployment", "web", "-n", ns).lines().skip(1).findFirst().orElseThrow().split("\\s+"))
        .containsSequence("web", "2/2", "2", "2");

    await().untilAsserted(() -> {
      String endpoints = ok("get", "endpoints", "web", "-n", ns);
      String line = endpoints.lines().skip(1).findFirst().orElseThrow();
      assertThat(line.split("\\s+")[1].split(",")).hasSize(2).allSatisfy(a -> assertThat(a).matches("10\\.\\d+\\.\\d+\\.\\d+:8080"));
      String slices = ok("get", "endpointslices", "-n", ns, "-l", "kubernetes.io/service-name=web");
      String sliceLine = slices.lines().skip(1).findFirst().orElseThrow();
      String[] cols = sliceLine.split("\\s+");
      assertThat(cols[0]).startsWith("web-");
      assertThat(cols[1]).isEqualTo("IPv4");
      assertThat(cols[2]).isEqualTo("8080");
      assertThat(cols[3].split(",")).hasSize(2);
    });
  }

  static Stream<Integer> versions() {
    return Stream.of(27, 28, 29, 30, 31, 32, 33);
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @MethodSource("versions")
  void everyKubectlVersionFollowsARollout(int minor) {
    Kubectl k = Kubectl.version(minor, cluster.kubeconfig());
    String ns = "kc-v" + minor;
    cluster.createNamespace(ns);
    ok(k, "create", "deployment", "web", "--image=nginx:1", "--replicas=2", "-n", ns);
    assertThat(ok(k, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    ok(k, "set", "image", "deployment/web", "nginx=nginx:2", "-n", ns);
    assertThat(ok(k, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    ok(k, "rollout", "undo", "deployment/web", "-n", ns, "--to-revision=1");
    assertThat(ok(k, "rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).contains("successfully rolled out");
    assertThat(image(deployment(ns, "web"))).isEqualTo("nginx:1");
    assertThat(ok(k, "rollout", "history", "deployment/web", "-n", ns).lines().filter(l -> l.matches("^[0-9]+\\s+.*")).count()).isEqualTo(2);
  }
}
