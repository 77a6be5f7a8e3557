package dev.ketch.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.ExecResult;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.cri.CriRuntime;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An in-process API server and this machine's containerd as a node ({@link CriNode}) with
 * shortened timings, for integration tests against the real runtime. containerd must be running
 * (bin/setup starts it, bin/build-images imports the test images): a test that cannot reach it
 * fails, it is never skipped.
 */
final class ContainerdNode implements AutoCloseable {

  static final String BUSYBOX = "ketch.local/busybox:1";
  static final String NODE = "containerd-it";

  private final TestCluster cluster;
  private final Path dir;
  private KubernetesClient kubeletClient;
  private CriNode node;

  private ContainerdNode(TestCluster cluster, Path dir) {
    this.cluster = cluster;
    this.dir = dir;
  }

  static ContainerdNode start(Path dir) {
    ContainerdNode n = new ContainerdNode(TestCluster.start(dir.resolve("api")), dir);
    n.startAgent();
    return n;
  }

  /** Starts (or starts again) the node agent over the same runtime and files. */
  void startAgent() {
    kubeletClient = KubeClients.fromKubeconfig(cluster.kubeconfig(), 1);
    CriNode.Options options = CriNode.Options.forMachine(CriNode.Options.DEFAULT_ENDPOINT, dir).withNodeName(NODE);
    node = CriNode.start(kubeletClient, options, c -> c.withTimings(Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(8)));
  }

  /** Stops the node agent; its containers keep running. */
  void stopAgent() {
    node.close();
    kubeletClient.close();
  }

  KubernetesClient client() {
    return cluster.client();
  }

  CriRuntime runtime() {
    return node.runtime();
  }

  CriNode node() {
    return node;
  }

  Pod create(Pod pod) {
    return cluster.createBound(pod, NODE);
  }

  Pod pod(String name) {
    return cluster.pod(name);
  }

  Pod await(String name, Predicate<Pod> condition) {
    return await(name, Duration.ofSeconds(60), condition);
  }

  Pod await(String name, Duration atMost, Predicate<Pod> condition) {
    return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.pod(name), p -> p != null && p.getStatus() != null && condition.test(p));
  }

  static boolean running(Pod p) {
    return "Running".equals(p.getStatus().getPhase()) && p.getStatus().getContainerStatuses() != null
        && p.getStatus().getContainerStatuses().stream().allMatch(c -> c.getState().getRunning() != null);
  }

  static boolean ready(Pod p) {
    return p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  static ContainerStatus status(Pod p, String container) {
    return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container)).findFirst().orElseThrow();
  }

  /** The container's restart count, -1 while the status does not list it. */
  static int restarts(Pod p, String container) {
    return p.getStatus().getContainerStatuses() == null ? -1 : p.getStatus().getContainerStatuses().stream()
        .filter(c -> c.getName().equals(container)).mapToInt(ContainerStatus::getRestartCount).findFirst().orElse(-1);
  }

  /** The container's waiting reason, empty while it is not waiting or not listed. */
  static String waitingReason(Pod p, String container) {
    return p.getStatus().getContainerStatuses() == null ? "" : p.getStatus().getContainerStatuses().stream()
        .filter(c -> c.getName().equals(container) && c.getState() != null && c.getState().getWaiting() != null)
        .map(c -> String.valueOf(c.getState().getWaiting().getReason())).findFirst().orElse("");
  }

  /** The runtime's ID of the pod's running instance of {@code container}. */
  String containerId(Pod p, String container) {
    String id = status(p, container).getContainerID();
    assertThat(id).startsWith("containerd://");
    return id.substring("containerd://".length());
  }

  /** Runs a command in the pod's container through the runtime. */
  String exec(Pod p, String container, String... command) {
    ExecResult r = node.runtime().execSync(containerId(p, container), List.of(command), Duration.ofSeconds(10));
    assertThat(r.exitCode()).as("exit code of %s: %s", List.of(command), r.stderrText()).isZero();
    return r.stdoutText();
  }

  /** How many containers the runtime holds for the pod. */
  int runtimeContainers(Pod p) {
    return node.runtime().listContainers(new ContainerFilter(null, null,
        Map.of(CriLabels.POD_UID, p.getMetadata().getUid()))).size();
  }

  List<Event> events(String pod) {
    return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
  }

  void awaitEvent(String pod, String reason, String messagePart) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(events(pod))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(messagePart);
        }));
  }

  /** Deletes every pod and waits until the runtime holds none of them. */
  void deleteAllPods() {
    cluster.client().pods().inNamespace("default").withGracePeriod(0).delete();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cluster.client().pods().inNamespace("default").list().getItems().isEmpty());
    // Deleted at once, the pods are gone from the API before their containers stop: the agent removes them as orphans.
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> node.runtime().listPodSandboxes(PodSandboxFilter.ofNode(NODE)).isEmpty());
  }

  @Override
  public void close() {
    try {
      deleteAllPods();
    } catch (RuntimeException | AssertionError e) {
      // Best effort: the next agent removes what the API no longer knows.
    }
    stopAgent();
    cluster.close();
  }
}
