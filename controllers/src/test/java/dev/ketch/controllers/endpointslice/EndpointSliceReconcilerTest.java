package dev.ketch.controllers.endpointslice;

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
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EndpointSlice controller's sync on an in-memory API, as upstream's reconciler_test. */
class EndpointSliceReconcilerTest {

  private static final Map<String, String> LABELS = Map.of("app", "web");
  private static final ObjectKey KEY = new ObjectKey(NS, "web");

  private final FakeClock clock = new FakeClock();
  private final FakeApi api = new FakeApi(clock);
  private final FakeResource<Service> services = api.of(Service.class);
  private final FakeResource<Pod> pods = api.of(Pod.class);
  private final FakeResource<Node> nodes = api.of(Node.class);
  private final FakeResource<EndpointSlice> slices = api.of(EndpointSlice.class);
  private final FakeRecorder recorder = new FakeRecorder();
  private final OwnWrites<ObjectKey> ownWrites = new OwnWrites<>(clock);
  private EndpointSliceReconciler reconciler;

  @BeforeEach
  void setUp() {
    slices.cache().addIndex(EndpointSliceReconciler.SERVICE_INDEX, EndpointSliceReconciler::serviceIndex);
    reconciler = new EndpointSliceReconciler(services.cache(), pods.cache(), nodes.cache(), slices.cache(), slices, ownWrites, recorder, 3);
    nodes.add(new NodeBuilder().withNewMetadata().withName("n1").addToLabels("topology.kubernetes.io/zone", "zone-a").endMetadata().build());
    services.add(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).withLabels(Map.of("team", "a")).endMetadata()
        .withNewSpec().withClusterIP("10.96.0.10").withIpFamilies("IPv4").withSelector(LABELS)
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString("http")).endPort().endSpec().build());
  }

  private Pod podWithPort(String name, int port, boolean ready) {
    Pod p = pod(name, LABELS).editSpec().editFirstContainer().addNewPort().withName("http").withContainerPort(port).endPort()
        .endContainer().endSpec().build();
    return pods.add(running(p, "n1", ready ? clock.now() : null));
  }

  /** What the informer would have: the stored slices, their writes seen. */
  private void informerCatchesUp() {
    api.syncCaches();
    slices.stored().forEach(s -> ownWrites.observe(s, false));
  }

  private List<EndpointSlice> stored() {
    return slices.stored(NS);
  }

  @Test
  void aServiceWithoutPodsGetsOnePlaceholderSlice() throws Exception {
    reconciler.reconcile(KEY);
    informerCatchesUp();
    reconciler.reconcile(KEY);

    assertThat(stored()).singleElement().satisfies(s -> {
      assertThat(s.getEndpoints()).isNullOrEmpty();
      assertThat(s.getPorts()).isNullOrEmpty();
      assertThat(s.getAddressType()).isEqualTo("IPv4");
      assertThat(s.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
          .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io").containsEntry("team", "a");
      assertThat(s.getMetadata().getGenerateName()).isEqualTo("web-");
      assertThat(s.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("Service");
    });
  }

  @Test
  void endpointsCarryConditionsNodeZoneAndPod() throws Exception {
    podWithPort("a", 8080, true);
    podWithPort("b", 8080, false);
    Pod c = podWithPort("c", 8080, true);
    pods.add(new PodBuilder(c).editMetadata().withDeletionTimestamp(clock.now().toString()).endMetadata().build());

    reconciler.reconcile(KEY);

    EndpointSlice s = stored().getFirst();
    assertThat(s.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getName()).isEqualTo("http");
    });
    Map<String, Endpoint> byPod = new java.util.HashMap<>();
    s.getEndpoints().forEach(e -> byPod.put(e.getTargetRef().getName(), e));
    assertThat(byPod).containsOnlyKeys("a", "b", "c");
    assertThat(byPod.get("a").getConditions().getReady()).isTrue();
    assertThat(byPod.get("b").getConditions().getReady()).isFalse();
    assertThat(byPod.get("b").getConditions().getServing()).isFalse();
    assertThat(byPod.get("c").getConditions().getReady()).isFalse();
    assertThat(byPod.get("c").getConditions().getServing()).isTrue();
    assertThat(byPod.get("c").getConditions().getTerminating()).isTrue();
    assertThat(byPod.get("a").getNodeName()).isEqualTo("n1");
    assertThat(byPod.get("a").getZone()).isEqualTo("zone-a");
  }

  @Test
  void slicesHoldAtMostTheirLimitAndOnePodChangeTouchesOneSlice() throws Exception {
    for (int i = 0; i < 7; i++) {
      podWithPort("p" + i, 8080, true);
    }
    reconciler.reconcile(KEY);
    informerCatchesUp();
    assertThat(stored()).hasSize(3).allSatisfy(s -> assertThat(s.getEndpoints().size()).isLessThanOrEqualTo(3));
    api.clearActions();

    Pod p0 = pods.stored(NS, "p0");
    pods.add(running(p0, "n1", null));
    reconciler.reconcile(KEY);

    assertThat(api.writes()).singleElement().satisfies(a -> assertThat(a.verb()).isEqualTo("update"));
  }

  @Test
  void podsServingDifferentPortsGoToDifferentSlices() throws Exception {
    podWithPort("a", 8080, true);
    podWithPort("b", 9090, true);

    reconciler.reconcile(KEY);

    assertThat(stored()).hasSize(2).extracting(s -> s.getPorts().getFirst().getPort()).containsExactlyInAnyOrder(8080, 9090);
  }

  @Test
  void thePlaceholderIsReusedForTheFirstEndpoints() throws Exception {
    reconciler.reconcile(KEY);
    informerCatchesUp();
    String placeholder = stored().getFirst().getMetadata().getName();
    podWithPort("a", 8080, true);

    reconciler.reconcile(KEY);

    assertThat(stored()).singleElement().satisfies(s -> {
      assertThat(s.getMetadata().getName()).isEqualTo(placeholder);
      assertThat(s.getEndpoints()).hasSize(1);
    });
  }

  @Test
  void whileItsOwnWriteIsNotSeenItWaitsInsteadOfCreatingAgain() throws Exception {
    podWithPort("a", 8080, true);
    api.freezeCaches();
    reconciler.reconcile(KEY);

    assertThat(reconciler.reconcile(KEY)).isEqualTo(Result.requeue());
    assertThat(api.actions("create", "EndpointSlice")).hasSize(1);
  }

  @Test
  void podsOnUnknownNodesAreLeftOutAndTheServiceRetried() {
    podWithPort("a", 8080, true);
    pods.add(running(pod("lost", LABELS).editSpec().editFirstContainer().addNewPort().withName("http").withContainerPort(8080).endPort()
        .endContainer().endSpec().build(), "gone-node", clock.now()));

    assertThatThrownBy(() -> reconciler.reconcile(KEY)).hasMessageContaining("lost (node gone-node)");

    assertThat(stored().getFirst().getEndpoints()).extracting(e -> e.getTargetRef().getName()).containsExactly("a");
  }

  @Test
  void serviceLabelChangesReachTheSlices() throws Exception {
    podWithPort("a", 8080, true);
    reconciler.reconcile(KEY);
    informerCatchesUp();
    Service svc = services.stored(NS, "web");
    services.add(new ServiceBuilder(svc).editMetadata().withLabels(Map.of("team", "b")).endMetadata().build());

    reconciler.reconcile(KEY);

    assertThat(stored().getFirst().getMetadata().getLabels()).containsEntry("team", "b");
  }
}
