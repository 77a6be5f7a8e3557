package dev.ketch.examples.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.junit.ClusterHandle;
import dev.ketch.junit.KetchCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The operator against a real API server, garbage collector and namespace controller. */
@KetchCluster(nodes = 1)
class LoadBalancerOperatorTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final KubernetesClient client;
  private AddressPool pool;
  private LoadBalancerOperator operator;
  private String namespace;

  LoadBalancerOperatorTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void startOperator(TestInfo test) {
    namespace = test.getTestMethod().orElseThrow().getName().toLowerCase();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    pool = new AddressPool("192.0.2", 10, 11);
    operator = new LoadBalancerOperator(client, namespace, pool).start();
  }

  @AfterEach
  void stopOperator() throws InterruptedException {
    operator.close();
  }

  @Test
  void loadBalancerGetsAnAddressInItsStatusAFinalizerAndAnOwnedRecord() {
    create("web", "LoadBalancer");

    Service service = awaitAddress("web");

    assertThat(service.getStatus().getLoadBalancer().getIngress().getFirst().getIp()).isEqualTo("192.0.2.10");
    assertThat(service.getMetadata().getFinalizers()).contains(ServiceReconciler.FINALIZER);
    ConfigMap record = client.configMaps().inNamespace(namespace).withName("lb-web").get();
    assertThat(record.getData()).containsEntry("ip", "192.0.2.10");
    assertThat(record.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(service.getMetadata().getUid());
  }

  @Test
  void deletedServiceGivesItsAddressBackAndItsRecordIsCollected() {
    create("first", "LoadBalancer");
    awaitAddress("first");
    create("second", "LoadBalancer");
    awaitAddress("second");
    assertThat(pool.freeCount()).isZero();

    client.services().inNamespace(namespace).withName("first").delete();

    await().atMost(WAIT).until(() -> client.services().inNamespace(namespace).withName("first").get() == null);
    await().atMost(WAIT).until(() -> client.configMaps().inNamespace(namespace).withName("lb-first").get() == null);
    create("third", "LoadBalancer");
    assertThat(awaitAddress("third").getStatus().getLoadBalancer().getIngress().getFirst().getIp()).isEqualTo("192.0.2.10");
  }

  @Test
  void clusterIpServiceIsLeftAlone() throws InterruptedException {
    create("internal", "ClusterIP");
    create("marker", "LoadBalancer");
    awaitAddress("marker");

    Service internal = client.services().inNamespace(namespace).withName("internal").get();
    assertThat(internal.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(client.configMaps().inNamespace(namespace).withName("lb-internal").get()).isNull();
  }

  @Test
  void restartedOperatorKeepsTheAddressesItGave(ClusterHandle cluster) throws InterruptedException {
    create("kept", "LoadBalancer");
    awaitAddress("kept");
    operator.close();

    AddressPool fresh = new AddressPool("192.0.2", 10, 11);
    operator = new LoadBalancerOperator(client, namespace, fresh).start();
    create("another", "LoadBalancer");

    assertThat(awaitAddress("another").getStatus().getLoadBalancer().getIngress().getFirst().getIp()).isEqualTo("192.0.2.11");
    assertThat(cluster.serverLog()).contains("kubelet");
  }

  @Test
  void deletingTheNamespaceWaitsForTheFinalizerThenFinishes() {
    create("doomed", "LoadBalancer");
    awaitAddress("doomed");

    client.namespaces().withName(namespace).delete();

    await().atMost(WAIT).until(() -> client.namespaces().withName(namespace).get() == null);
    assertThat(pool.freeCount()).isEqualTo(2);
  }

  private void create(String name, String type) {
    client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withType(type).addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec().build())
        .create();
  }

  private Service awaitAddress(String name) {
    return await().atMost(WAIT).until(() -> client.services().inNamespace(namespace).withName(name).get(),
        s -> s != null && s.getStatus() != null && s.getStatus().getLoadBalancer() != null
            && s.getStatus().getLoadBalancer().getIngress() != null && !s.getStatus().getLoadBalancer().getIngress().isEmpty());
  }
}
