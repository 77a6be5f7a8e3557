package dev.ketch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ketch controller-manager}: refuses bad flags, and runs the controllers against an API server elsewhere. */
class ControllerManagerCommandTest {

  @TempDir Path dir;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void itNeedsAReadableKubeconfig() {
    Run r = run("controller-manager", "--kubeconfig", dir.resolve("missing").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--kubeconfig " + dir.resolve("missing") + " cannot be read");
  }

  @Test
  void unknownControllersAreRefused() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    Run r = run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--controllers", "*,-deployment,cronjobs-typo");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown controller \"cronjobs-typo\"");
  }

  @Test
  void badLeaderElectionTimingsAreRefused() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    Run r = run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--leader-elect-renew-deadline", "20s");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("leaseDuration must be greater than renewDeadline");
  }

  @Test
  void aBadClusterCidrIsRefused() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    Run r = run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--cluster-cidr", "10.0.0.0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a CIDR: 10.0.0.0");
  }

  @Test
  void itRunsTheControllersOnceItHoldsTheLease() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.inMemory();
        ApiServer api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
        KubernetesClient client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst())) {
      AtomicInteger code = new AtomicInteger(-1);
      Thread command = Thread.ofPlatform().name("command").start(() -> code.set(Main.run("controller-manager", "--kubeconfig",
          api.kubeconfigFiles().getFirst().toString(), "--controllers", "replicaset,garbage-collector")));
      client.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder().withNewMetadata().withName("web").endMetadata()
          .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
          .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();

      await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace("default").list().getItems().size() == 2);
      Lease lease = client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
      assertThat(lease.getSpec().getHolderIdentity()).contains("_");
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);

      command.interrupt();
      command.join(Duration.ofSeconds(30));
      assertThat(command.isAlive()).isFalse();
      assertThat(code.get()).isZero();
      assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get().getSpec().getHolderIdentity())
          .isEmpty();
    }
  }
}
