package dev.ketch.controllers.endpoint;

import static dev.ketch.controllers.fake.TestObjects.NS;
import static dev.ketch.controllers.fake.TestObjects.pod;
import static dev.ketch.controllers.fake.TestObjects.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.controllers.cache.OwnWrites;
import dev.ketch.controllers.fake.FakeApi;
import dev.ketch.controllers.fake.FakeRecorder;
import dev.ketch.controllers.fake.FakeResource;
import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Endpoints controller's sync on an in-memory API, as upstream's endpoints_controller_test. */
class EndpointsReconcilerTest {

  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final ObjectKey KEY = new ObjectKey(NS, "web");

  private final FakeClock clock = new FakeClock();
  private final FakeApi api = new FakeApi(clock);
  private final FakeResource<Service> services = api.of(Service.class);
  private final FakeResource<Pod> pods = api.of(Pod.class);
  private final FakeResource<Endpoints> endpoints = api.of(Endpoints.class);
  private final FakeRecorder recorder = new FakeRecorder();
  private final OwnWrites<ObjectKey> ownWrites = new OwnWrites<>(clock);
  private final EndpointsReconciler reconciler = new EndpointsReconciler(services.cache(), pods.cache(), endpoints.cache(), endpoints,
      ownWrites, recorder);

  private Service service(IntOrString targetPort) {
    return services.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).withLabels(Map.of("team", "a")).endMetadata()
        .withNewSpec().withClusterIP("10.96.0.10").withIpFamilies("IPv4").withSelector(LABELS)
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").withTargetPort(targetPort).endPort().endSpec().build());
  }

  private Pod podWithPort(String name, int port, boolean ready) {
    Pod p = pod(name, LABELS).editSpec().editFirstContainer().addNewPort().withName("http").withContainerPort(port).endPort()
        .endContainer().endSpec().build();
    return pods.add(running(p, "n1", ready ? clock.now() : null));
  }

  @Test
  void readyAndNotReadyPodsWithNamedPortsResolvedPerPod() throws Exception {
    service(new IntOrString("http"));
    podWithPort("a", 8080, true);
    podWithPort("b", 8080, false);
    podWithPort("c", 9090, true);
    pods.add(pod("pending-no-ip", LABELS).build());
    pods.add(running(pod("other", Map.of("app", "api")).build(), "n1", clock.now()));

    reconciler.reconcile(KEY);

    Endpoints ep = endpoints.stored(NS, "web");
    assertThat(ep.getMetadata().getLabels()).isEqualTo(Map.of("team", "a"));
    assertThat(ep.getSubsets()).hasSize(2);
    EndpointSubset on8080 = ep.getSubsets().stream().filter(s -> s.getPorts().getFirst().getPort() == 8080).findFirst().orElseThrow();
    assertThat(on8080.getAddresses()).extracting(a -> a.getTargetRef().getName()).containsExactly("a");
    assertThat(on8080.getNotReadyAddresses()).extracting(a -> a.getTargetRef().getName()).containsExactly("b");
    assertThat(on8080.getPorts().getFirst().getName()).isEqualTo("http");
    EndpointSubset on9090 = ep.getSubsets().stream().filter(s -> s.getPorts().getFirst().getPort() == 9090).findFirst().orElseThrow();
    EndpointAddress c = on9090.getAddresses().getFirst();
    assertThat(c.getNodeName()).isEqualTo("n1");
    assertThat(c.getTargetRef().getKind()).isEqualTo("Pod");
    assertThat(c.getIp()).isEqualTo(pods.stored(NS, "c").getStatus().getPodIP());
  }

  @Test
  void nothingIsWrittenWhenNothingChanged() throws Exception {
    service(new IntOrString(8080));
    podWithPort("a", 8080, true);
    reconciler.reconcile(KEY);
    endpoints.cache().put(endpoints.stored(NS, "web"));
    ownWrites.observe(endpoints.stored(NS, "web"), false);
    api.clearActions();

    reconciler.reconcile(KEY);

    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aStaleCacheIsRetriedRatherThanOverwritten() throws Exception {
    service(new IntOrString(8080));
    podWithPort("a", 8080, true);
    api.freezeCaches();
    reconciler.reconcile(KEY);
    podWithPort("b", 8080, true);

    assertThat(reconciler.reconcile(KEY)).isEqualTo(Result.requeue());
    assertThat(api.actions("create", "Endpoints")).hasSize(1);

    api.syncCaches();
    ownWrites.observe(endpoints.stored(NS, "web"), false);
    reconciler.reconcile(KEY);
    assertThat(endpoints.stored(NS, "web").getSubsets().getFirst().getAddresses()).hasSize(2);
  }

  @Test
  void publishNotReadyAddressesListsEveryPodAsReady() throws Exception {
    Service svc = service(new IntOrString(8080));
    services.add(new ServiceBuilder(svc).editSpec().withPublishNotReadyAddresses(true).endSpec().build());
    podWithPort("a", 8080, false);

    reconciler.reconcile(KEY);

    assertThat(endpoints.stored(NS, "web").getSubsets().getFirst().getAddresses()).hasSize(1);
  }

  @Test
  void terminatingPodsAreLeftOut() throws Exception {
    service(new IntOrString(8080));
    Pod a = podWithPort("a", 8080, true);
    pods.add(new PodBuilder(a).editMetadata().withDeletionTimestamp(clock.now().toString()).endMetadata().build());

    reconciler.reconcile(KEY);

    assertThat(endpoints.stored(NS, "web").getSubsets()).isNullOrEmpty();
  }

  @Test
  void headlessServicesAreLabelled() throws Exception {
    services.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withClusterIP("None").withIpFamilies("IPv4").withSelector(LABELS).endSpec().build());
    podWithPort("a", 8080, true);

    reconciler.reconcile(KEY);

    Endpoints ep = endpoints.stored(NS, "web");
    assertThat(ep.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
    assertThat(ep.getSubsets().getFirst().getAddresses()).hasSize(1);
    assertThat(ep.getSubsets().getFirst().getPorts()).isNullOrEmpty();
  }

  @Test
  void moreThanAThousandAddressesAreTruncatedAndAnnotated() {
    List<EndpointSubset> subsets = new java.util.ArrayList<>();
    List<EndpointSubsets.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      entries.add(new EndpointSubsets.Entry(new io.fabric8.kubernetes.api.model.EndpointAddressBuilder().withIp("10.0." + (i / 250) + "." + (i % 250))
          .build(), new io.fabric8.kubernetes.api.model.EndpointPort(null, "http", 80, "TCP"), i % 2 == 0));
    }
    subsets.addAll(EndpointSubsets.repack(entries));

    assertThat(EndpointSubsets.truncate(subsets)).isTrue();

    assertThat(EndpointSubsets.count(subsets)).isEqualTo(1000);
    assertThat(subsets.getFirst().getAddresses()).hasSize(600);
  }

  @Test
  void endpointsGoWithTheirService() throws Exception {
    endpoints.add(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .build());

    reconciler.reconcile(KEY);

    assertThat(endpoints.stored(NS, "web")).isNull();
  }

  @Test
  void aServiceWithoutSelectorKeepsTheUsersEndpoints() throws Exception {
    services.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withClusterIP("10.96.0.11").addNewPort().withPort(80).endPort().endSpec().build());
    endpoints.add(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .addNewSubset().addNewAddress().withIp("1.2.3.4").endAddress().endSubset().build());

    reconciler.reconcile(KEY);

    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aRefusedUpdateIsAWarningAndARetry() {
    service(new IntOrString(8080));
    podWithPort("a", 8080, true);
    api.failWhen("create", "Endpoints", a -> FakeApi.error(500, "InternalError", "etcd is down"));

    assertThatThrownBy(() -> reconciler.reconcile(KEY)).hasMessageContaining("etcd is down");

    assertThat(recorder.withReason("FailedToCreateEndpoint")).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("Failed to create endpoint for service default/web: etcd is down"));
  }
}
