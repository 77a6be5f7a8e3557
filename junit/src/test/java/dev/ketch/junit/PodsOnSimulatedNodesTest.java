package dev.ketch.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KetchCluster(nodes = 3)
class PodsOnSimulatedNodesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void startsWithReadyNodesAndInjectsTheKubeconfig(KubernetesClient client, ClusterHandle cluster,
      @Kubeconfig String kubeconfig, @Kubeconfig Path kubeconfigFile) throws Exception {
    assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder("sim-0", "sim-1", "sim-2");
    assertThat(client.getMasterUrl().toString()).startsWith(cluster.url());
    assertThat(kubeconfig.contains(cluster.url())).as("the kubeconfig names the server").isTrue();
    assertThat(Files.readString(kubeconfigFile).equals(kubeconfig)).as("the file holds the same kubeconfig").isTrue();
  }

  @Test
  void podRunsAndBecomesReadyThenSucceedsWhenItsContainersExit(KubernetesClient client, ClusterHandle cluster) {
    client.pods().inNamespace("default").resource(pod("worker", Map.of())).create();
    Pod running = awaitPhase(client, "worker", "Running");
    assertThat(running.getSpec().getNodeName()).startsWith("sim-");
    await().atMost(WAIT).until(() -> isReady(client.pods().inNamespace("default").withName("worker").get()));

    assertThat(cluster.exitPod("default", "worker", 0)).isEqualTo(1);

    Pod done = awaitPhase(client, "worker", "Succeeded");
    assertThat(terminated(done).getExitCode()).isZero();
  }

  @Test
  void podAnnotatedToExitWithACodeFails(KubernetesClient client) {
    client.pods().inNamespace("default").resource(pod("crasher", Map.of(PodBehaviour.EXIT_CODE, "3"))).create();

    Pod failed = awaitPhase(client, "crasher", "Failed");

    assertThat(terminated(failed).getExitCode()).isEqualTo(3);
  }

  @Test
  void addedNodeRunsPodsWithItsOwnBehaviourAndRemovedNodeGoesAway(KubernetesClient client, ClusterHandle cluster) {
    String node = cluster.addNode(Map.of("exit-code", "4"));
    await().atMost(WAIT).until(() -> isReady(client.nodes().withName(node).get()));

    Pod pinned = new PodBuilder(pod("pinned", Map.of())).editSpec().withNodeName(node).endSpec().build();
    client.pods().inNamespace("default").resource(pinned).create();
    assertThat(terminated(awaitPhase(client, "pinned", "Failed")).getExitCode()).isEqualTo(4);

    cluster.removeNode(node);
    assertThat(client.nodes().withName(node).get()).isNull();
    assertThat(cluster.nodeNames()).doesNotContain(node);
  }

  @Test
  void silentNodeStartsNothingUntilItResumes(KubernetesClient client, ClusterHandle cluster) throws Exception {
    String node = cluster.addNode();
    await().atMost(WAIT).until(() -> isReady(client.nodes().withName(node).get()));
    cluster.silenceNode(node);

    Pod pinned = new PodBuilder(pod("waiting", Map.of())).editSpec().withNodeName(node).endSpec().build();
    client.pods().inNamespace("default").resource(pinned).create();
    Thread.sleep(1500);
    assertThat(client.pods().inNamespace("default").withName("waiting").get().getStatus().getPhase()).isEqualTo("Pending");

    cluster.resumeNode(node);
    awaitPhase(client, "waiting", "Running");
    cluster.removeNode(node);
  }

  @Test
  void everyPodOfANodeAdvancesTogether(KubernetesClient client, ClusterHandle cluster) {
    String node = cluster.addNode();
    for (String name : new String[] {"batch-a", "batch-b"}) {
      Pod pinned = new PodBuilder(pod(name, Map.of())).editSpec().withNodeName(node).endSpec().build();
      client.pods().inNamespace("default").resource(pinned).create();
      awaitPhase(client, name, "Running");
    }

    assertThat(cluster.exitPodsOn(node, 0)).isEqualTo(2);

    awaitPhase(client, "batch-a", "Succeeded");
    awaitPhase(client, "batch-b", "Succeeded");
    cluster.removeNode(node);
  }

  @Test
  void serverLogHoldsTheComponentsLines(ClusterHandle cluster) {
    assertThat(cluster.serverLog()).contains("cluster ready").contains("sim-0");
  }

  static Pod pod(String name, Map<String, String> annotations) {
    return new PodBuilder().withNewMetadata().withName(name).withAnnotations(annotations).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("app").withImage("busybox").endContainer()
        .endSpec().build();
  }

  static Pod awaitPhase(KubernetesClient client, String name, String phase) {
    return await().atMost(WAIT).until(() -> client.pods().inNamespace("default").withName(name).get(),
        p -> p != null && p.getStatus() != null && phase.equals(p.getStatus().getPhase()));
  }

  static ContainerStateTerminated terminated(Pod pod) {
    return pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
  }

  static boolean isReady(Pod pod) {
    return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  static boolean isReady(Node node) {
    return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
