package dev.ketch.controllers.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.FakeKubelet;
import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.TestControllers;
import dev.ketch.controllers.ownership.ControllerRefs;
import dev.ketch.testing.launcher.Command;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the workload controllers: {@code rollout status}, {@code rollout
 * history} and {@code rollout undo} of StatefulSets and DaemonSets (their ControllerRevisions),
 * {@code wait --for=condition=complete} on a Job, {@code create job --from=cronjob/…}, and
 * {@code get nodes} and {@code describe node} for a node gone silent.
 */
class KubectlWorkloadsIT {

  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @BeforeAll
  static void start() {
    if (!Files.isExecutable(KUBECTL)) {
      throw new AssertionError(KUBECTL + " is missing: these tests need the real kubectl");
    }
    Awaitility.setDefaultTimeout(Duration.ofSeconds(90));
    cluster = TestCluster.start(dir, TestControllers.config());
    client = cluster.client();
    kubelet = new FakeKubelet(client, Duration.ofMillis(300));
    // Batch pods finish at once; everything else runs.
    kubelet.script(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().containsKey("batch.kubernetes.io/job-name")
        ? FakeKubelet.Behaviour.exit(0) : FakeKubelet.Behaviour.run());
    kubelet.addNode("k-a", Map.of());
    kubelet.addNode("k-b", Map.of());
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static Command.Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    return Command.run(Duration.ofSeconds(120), Map.of(), null, command).requireSuccess();
  }

  private static List<String> images(String ns) {
    return client.pods().inNamespace(ns).list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getSpec().getContainers().getFirst().getImage()).sorted().toList();
  }

  @Test
  void statefulSetRolloutStatusHistoryAndUndo() {
    String ns = "kc-sts";
    cluster.createNamespace(ns);
    client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(2).withServiceName("web")
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx:1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();

    Command.Result status = kubectl("rollout", "status", "statefulset/web", "-n", ns, "--timeout=90s");
    assertThat(status.stdout()).contains("roll out complete: 2 new pods have been updated");

    kubectl("set", "image", "statefulset/web", "web=nginx:2", "-n", ns);
    kubectl("rollout", "status", "statefulset/web", "-n", ns, "--timeout=90s");
    assertThat(images(ns)).containsExactly("nginx:2", "nginx:2");

    Command.Result history = kubectl("rollout", "history", "statefulset/web", "-n", ns);
    assertThat(history.stdout()).contains("REVISION").containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
    assertThat(kubectl("rollout", "history", "statefulset/web", "-n", ns, "--revision=1").stdout()).contains("nginx:1");

    Command.Result undo = kubectl("rollout", "undo", "statefulset/web", "-n", ns);
    assertThat(undo.stdout()).contains("statefulset.apps/web rolled back");
    kubectl("rollout", "status", "statefulset/web", "-n", ns, "--timeout=90s");
    await().untilAsserted(() -> assertThat(images(ns)).containsExactly("nginx:1", "nginx:1"));
    assertThat(kubectl("rollout", "history", "statefulset/web", "-n", ns).stdout())
        .containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
  }

  @Test
  void daemonSetRolloutStatusHistoryAndUndo() {
    String ns = "kc-ds";
    cluster.createNamespace(ns);
    client.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder()
        .withNewMetadata().withName("agent").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec().addNewContainer().withName("agent").withImage("agent:1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();

    assertThat(kubectl("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=90s").stdout())
        .contains("daemon set \"agent\" successfully rolled out");
    assertThat(images(ns)).hasSize(2);

    kubectl("set", "image", "daemonset/agent", "agent=agent:2", "-n", ns);
    kubectl("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=90s");
    await().untilAsserted(() -> assertThat(images(ns)).containsExactly("agent:2", "agent:2"));
    assertThat(kubectl("rollout", "history", "daemonset/agent", "-n", ns).stdout())
        .containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");

    assertThat(kubectl("rollout", "undo", "daemonset/agent", "-n", ns).stdout()).contains("daemonset.apps/agent rolled back");
    kubectl("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=90s");
    await().untilAsserted(() -> assertThat(images(ns)).containsExactly("agent:1", "agent:1"));
  }

  @Test
  void waitForAJobToCompleteAndCreateAJobFromACronJob() {
    String ns = "kc-batch";
    cluster.createNamespace(ns);
    client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata().withName("pi").endMetadata()
        .withNewSpec().withCompletions(2).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("pi").withImage("perl").endContainer().endSpec().endTemplate().endSpec().build()).create();

    assertThat(kubectl("wait", "--for=condition=complete", "job/pi", "-n", ns, "--timeout=90s").stdout())
        .contains("job.batch/pi condition met");

    client.batch().v1().cronjobs().inNamespace(ns).resource(new CronJobBuilder().withNewMetadata().withName("nightly").endMetadata()
        .withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
        .withRestartPolicy("OnFailure").addNewContainer().withName("backup").withImage("busybox").endContainer().endSpec()
        .endTemplate().endSpec().endJobTemplate().endSpec().build()).create();

    assertThat(kubectl("create", "job", "manual-backup", "--from=cronjob/nightly", "-n", ns).stdout())
        .contains("job.batch/manual-backup created");
    Job manual = client.batch().v1().jobs().inNamespace(ns).withName("manual-backup").get();
    assertThat(manual.getMetadata().getAnnotations()).containsEntry("cronjob.kubernetes.io/instantiate", "manual");
    assertThat(ControllerRefs.controllerOf(manual).getName()).isEqualTo("nightly");
    assertThat(kubectl("wait", "--for=condition=complete", "job/manual-backup", "-n", ns, "--timeout=90s").stdout())
        .contains("condition met");
  }

  @Test
  void aSilentNodeIsNotReadyAndDescribedWithItsTaints() {
    kubelet.addNode("k-silent", Map.of());
    await().untilAsserted(() -> assertThat(kubectl("get", "nodes").stdout()).containsPattern("k-silent\\s+Ready\\s"));

    kubelet.silence("k-silent");

    await().untilAsserted(() -> assertThat(kubectl("get", "nodes").stdout()).containsPattern("k-silent\\s+NotReady\\s"));
    await().untilAsserted(() -> {
      String describe = kubectl("describe", "node", "k-silent").stdout();
      assertThat(describe).containsPattern("Taints:\\s+node.kubernetes.io/unreachable:NoExecute")
          .contains("node.kubernetes.io/unreachable:NoSchedule")
          .contains("Kubelet stopped posting node status.")
          .containsPattern("PodCIDR:\\s+10\\.42\\.");
    });
    assertThat(kubectl("get", "nodes").stdout()).containsPattern("k-a\\s+Ready\\s");
  }
}
