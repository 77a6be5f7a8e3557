package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ketch server --simulate-nodes 3}: the controller manager, the scheduler and the
 * simulated kubelets of one server bring each kind of workload to its goal, as stock kubectl sees
 * it.
 */
class WorkloadsEndToEndIT {

  @TempDir
  static Path tmp;
  static KetchProcess server;
  static Kubectl kubectl;

  @BeforeAll
  static void start() {
    int httpsPort = KetchProcess.freePort();
    server = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server", "--data-dir", tmp.resolve("data").toString(),
        "--etcd-listen", "off", "--https-listen", "127.0.0.1:" + httpsPort, "--simulate-nodes", "3", "--disable-agent");
    kubectl = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String apply(String name, String yaml) throws Exception {
    Path file = tmp.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return kubectl.ok("apply", "-f", file.toString());
  }

  @Test
  void aDeploymentRollsOutScalesAndRollsBack() {
    kubectl.ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=4");
    assertThat(kubectl.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
    assertThat(kubectl.ok("get", "deployment", "web", "--no-headers")).containsPattern("web\\s+4/4\\s+4\\s+4");

    kubectl.ok("set", "image", "deployment/web", "nginx=nginx:1.28");
    assertThat(kubectl.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
    kubectl.ok("rollout", "undo", "deployment/web");
    assertThat(kubectl.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
    assertThat(kubectl.ok("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).isEqualTo("nginx:1.27");
    assertThat(kubectl.ok("rollout", "history", "deployment/web")).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s");
  }

  @Test
  void aStatefulSetStartsItsPodsInOrder() throws Exception {
    apply("db", """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          replicas: 3
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: postgres:17}]}
        """);
    assertThat(kubectl.ok("rollout", "status", "statefulset/db", "--timeout=60s")).containsPattern("roll(ing update|ed out| out) complete");
    assertThat(kubectl.ok("get", "pods", "-l", "app=db", "--no-headers", "-o", "custom-columns=NAME:.metadata.name"))
        .isEqualToIgnoringNewLines("db-0db-1db-2");
  }

  @Test
  void aDaemonSetRunsOnePodPerNode() throws Exception {
    apply("agent", """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec: {containers: [{name: agent, image: busybox:1.36}]}
        """);
    assertThat(kubectl.ok("rollout", "status", "daemonset/agent", "--timeout=60s")).contains("successfully rolled out");
    assertThat(kubectl.ok("get", "pods", "-l", "app=agent", "--no-headers", "-o", "custom-columns=NODE:.spec.nodeName")
        .lines().sorted().toList()).containsExactly("sim-0", "sim-1", "sim-2");
  }

  @Test
  void aJobRunsToCompletion() throws Exception {
    apply("batch", """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: batch}
        spec:
          completions: 3
          parallelism: 2
          template:
            metadata:
              annotations: {ketch.dev/simulate-fail-after: 1s, ketch.dev/simulate-exit-code: "0"}
            spec:
              restartPolicy: Never
              containers: [{name: work, image: busybox:1.36}]
        """);
    assertThat(kubectl.ok("wait", "--for=condition=complete", "job/batch", "--timeout=60s")).contains("job.batch/batch condition met");
    assertThat(kubectl.ok("get", "job", "batch", "-o", "jsonpath={.status.succeeded}")).isEqualTo("3");
  }
}
