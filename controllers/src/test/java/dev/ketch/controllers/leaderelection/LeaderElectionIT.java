package dev.ketch.controllers.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.ControllerManager;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.controllers.time.Clock;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two controller managers against one API server: one leads through the Lease, the other takes over when it goes. */
class LeaderElectionIT {

  @TempDir static Path dir;
  static EmbeddedStore store;
  static ApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    store = EmbeddedStore.inMemory();
    api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
    client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst());
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
    store.close();
  }

  private static ControllerManager manager(String identity) {
    LeaderElectionConfig election = LeaderElectionConfig.controllerManager(identity)
        .withTimings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500));
    return ControllerManager.start(api.kubeconfigFiles().getFirst(),
        ControllerManagerConfig.defaults().withLeaderElection(new LeaseLeaderElection(election, Clock.system())));
  }

  private static Lease lease() {
    return client.leases().inNamespace("kube-system").withName("kube-controller-manager").get();
  }

  @Test
  void onlyTheLeaderRunsControllersAndAStandbyTakesOverWhenItStops() {
    ControllerManager first = manager("first");
    await().until(() -> !first.runningControllers().isEmpty());
    ControllerManager second = manager("second");
    try {
      Lease lease = lease();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("first");
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(4);
      // The standby keeps trying but does not run anything while the lease is renewed.
      await().pollDelay(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(second.runningControllers()).isEmpty();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("first");
      });

      first.close();

      // Released on close: taken over within a retry period or two, not a lease duration.
      await().atMost(Duration.ofSeconds(3)).until(() -> !second.runningControllers().isEmpty());
      assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("second");
      assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
    } finally {
      second.close();
      first.close();
    }
    assertThat(lease().getSpec().getHolderIdentity()).isEmpty();
  }
}
