package dev.ketch.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.kubelet.bootstrap.JoinException;
import dev.ketch.kubelet.bootstrap.TlsBootstrap;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.process.ProcessRuntime;
import dev.ketch.kubelet.testing.TestPods;
import dev.ketch.pki.CaCertHash;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.JoinTokenFile;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine joining an in-process API server with the server's join token, and running pods as
 * host processes: the agent's side of `ketch agent --server … --token …`, without the launcher.
 */
class ProcessNodeIT {

  @TempDir
  static Path dir;

  static EmbeddedStore store;
  static ApiServer api;
  static KubernetesClient admin;
  static KubernetesClient nodeClient;
  static ProcessRuntime runtime;
  static HostNode node;
  static Path kubeconfig;
  static JoinToken token;

  @BeforeAll
  static void join() {
    store = EmbeddedStore.inMemory();
    Path data = dir.resolve("server");
    api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), data)
        .withJoinTokenFile(data.resolve("token")));
    admin = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst(), 1);
    token = JoinTokenFile.at(data.resolve("token")).all().getFirst();

    Path agent = dir.resolve("agent");
    kubeconfig = TlsBootstrap.kubeconfig(URI.create(api.url()), token, "worker-1", agent, Clock.systemUTC());
    nodeClient = KubeClients.fromKubeconfig(kubeconfig, 1);
    runtime = ProcessRuntime.open(agent.resolve("process"), "127.0.0.1", Clock.systemUTC());
    KubeletConfig config = TestCluster.fast(HostNode.config("worker-1", "127.0.0.1", agent, ProcessRuntime.NAME));
    node = HostNode.start(nodeClient, config, NodeRuntime.process(runtime, agent.resolve("kubelet")));
  }

  @AfterAll
  static void stop() {
    node.close();
    runtime.listContainers(ContainerFilter.all()).forEach(c -> runtime.stopContainer(c.id(), Duration.ZERO));
    runtime.close();
    nodeClient.close();
    admin.close();
    api.close();
    store.close();
  }

  private static Pod awaitPod(String name, java.util.function.Predicate<Pod> condition) {
    return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
        .until(() -> admin.pods().inNamespace("default").withName(name).get(), p -> p != null && condition.test(p));
  }

  private static Pod create(Pod pod) {
    pod.getMetadata().setUid(null);
    pod.getMetadata().setResourceVersion(null);
    pod.setStatus(null);
    return admin.pods().inNamespace("default").resource(pod).create();
  }

  private static boolean ready(Pod p) {
    return p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static int restarts(Pod p) {
    return p.getStatus().getContainerStatuses() == null || p.getStatus().getContainerStatuses().isEmpty() ? 0
        : p.getStatus().getContainerStatuses().getFirst().getRestartCount();
  }

  @Test
  void theJoinedNodeRegistersWithItsOwnCertificate() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.nodes().withName("worker-1").get() != null);
    var n = admin.nodes().withName("worker-1").get();

    assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("process://0.1.0");
    assertThat(n.getMetadata().getLabels()).containsEntry("node.ketch.dev/container-runtime", "process");
    assertThat(Files.readString(kubeconfig)).contains("system:node:worker-1").doesNotContain(token.secret());
    // A restart reuses the credentials: an unknown token would be refused if it were used.
    JoinToken wrongSecret = new JoinToken(token.caHash(), token.id(), "0000000000000000");
    long before = Files.getLastModifiedTime(kubeconfig).toMillis();
    assertThat(TlsBootstrap.kubeconfig(URI.create(api.url()), wrongSecret, "worker-1", dir.resolve("agent"),
        Clock.systemUTC())).isEqualTo(kubeconfig);
    assertThat(Files.getLastModifiedTime(kubeconfig).toMillis()).isEqualTo(before);
  }

  @Test
  void aTokenForAnotherCaIsRefusedBeforeTheSecretIsSent() {
    JoinToken other = new JoinToken(new CaCertHash("0".repeat(64)), token.id(), token.secret());

    assertThatThrownBy(() -> TlsBootstrap.kubeconfig(URI.create(api.url()), other, "worker-9", dir.resolve("other"),
        Clock.systemUTC())).isInstanceOf(JoinException.class).hasMessageContaining("refusing to join")
        .hasMessageContaining("the token pins sha256:" + "0".repeat(64));
    assertThat(dir.resolve("other/kubeconfig")).doesNotExist();
  }

  @Test
  void anUnknownTokenIsRefusedWith401() {
    JoinToken unknown = new JoinToken(token.caHash(), "zzzzzz", "0000000000000000");

    assertThatThrownBy(() -> TlsBootstrap.kubeconfig(URI.create(api.url()), unknown, "worker-8", dir.resolve("unknown"),
        Clock.systemUTC())).isInstanceOf(JoinException.class).hasMessageContaining("401");
  }

  @Test
  void anHttpServerProcessBecomesRunningAndReadyByItsHttpProbe() {
    int port = freePort();
    Container c = TestPods.containerSpec("web", "busybox:1.36")
        .withCommand("sh", "-c", "mkdir -p www && echo ok > www/index.html && exec busybox httpd -f -h www -p " + port)
        .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/").withNewPort(port).endHttpGet()
            .withPeriodSeconds(1).withFailureThreshold(1).withTimeoutSeconds(1).build())
        .build();
    create(TestPods.pod("web").node("worker-1").container(c).build());

    Pod pod = awaitPod("web", p -> "Running".equals(p.getStatus().getPhase()) && ready(p));

    var cs = pod.getStatus().getContainerStatuses().getFirst();
    assertThat(cs.getContainerID()).startsWith("process://");
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
    assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
    admin.pods().inNamespace("default").withName("web").withGracePeriod(5).delete();
  }

  @Test
  void aCommandThatEndsIsRestartedWithAGrowingCount() {
    create(TestPods.pod("sleeper").node("worker-1")
        .container(TestPods.containerSpec("app", "busybox").withCommand("sleep", "1").build()).build());

    Pod pod = awaitPod("sleeper", p -> restarts(p) >= 2);

    var last = pod.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated();
    assertThat(last.getExitCode()).isZero();
    assertThat(last.getReason()).isEqualTo("Completed");
    admin.pods().inNamespace("default").withName("sleeper").withGracePeriod(1).delete();
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    Container c = TestPods.containerSpec("app", "busybox").withCommand("sleep", "600")
        .withLivenessProbe(new ProbeBuilder().withNewExec().withCommand("sh", "-c", "test -e healthy").endExec()
            .withPeriodSeconds(1).withFailureThreshold(1).withTimeoutSeconds(1).build())
        .build();
    create(TestPods.pod("sick").node("worker-1").container(c).build());

    awaitPod("sick", p -> restarts(p) >= 1);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("sick")).extracting(Event::getReason)
        .contains("Unhealthy", "Killing"));
    admin.pods().inNamespace("default").withName("sick").withGracePeriod(1).delete();
  }

  @Test
  void aPodRunToCompletionUnderNeverSucceeds() {
    create(TestPods.pod("job").node("worker-1").restartPolicy("Never")
        .container(TestPods.containerSpec("work", "busybox").withCommand("sh", "-c", "exit 0").build()).build());

    Pod pod = awaitPod("job", p -> "Succeeded".equals(p.getStatus().getPhase()));

    assertThat(pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getReason()).isEqualTo("Completed");
  }

  @Test
  void aMissingExecutableFailsToStartAndIsRetried() {
    create(TestPods.pod("typo").node("worker-1")
        .container(TestPods.containerSpec("app", "busybox").withCommand("no-such-command-anywhere").build()).build());

    // Between attempts the container waits (RunContainerError, then CrashLoopBackOff); the last
    // attempt stays as a StartError, as with containerd.
    Pod pod = awaitPod("typo", p -> restarts(p) >= 1
        && p.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated() != null);

    var last = pod.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated();
    assertThat(last.getReason()).isEqualTo("StartError");
    assertThat(last.getExitCode()).isEqualTo(128);
    assertThat(last.getMessage()).contains("executable file not found in $PATH");
    admin.pods().inNamespace("default").withName("typo").withGracePeriod(0).delete();
  }

  @Test
  void aGracefulDeleteRunsPreStopThenStopsTheProcess() throws Exception {
    Path marker = dir.resolve("prestop-ran");
    Container c = TestPods.containerSpec("app", "busybox").withCommand("sleep", "600")
        .withEnv(new EnvVarBuilder().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef("greeting", "settings", false)
            .endValueFrom().build())
        .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sh", "-c", "echo $GREETING > " + marker)
        .endExec().endPreStop().endLifecycle()
        .build();
    admin.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("greeting", "bye").build()).create();
    create(TestPods.pod("graceful").node("worker-1").container(c).build());
    awaitPod("graceful", p -> "Running".equals(p.getStatus().getPhase()));

    admin.pods().inNamespace("default").withName("graceful").withGracePeriod(10).delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> admin.pods().inNamespace("default").withName("graceful").get() == null);
    assertThat(Files.readString(marker).trim()).isEqualTo("bye");
  }

  private static List<Event> events(String pod) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
