package dev.ketch.proxy;

import static dev.ketch.proxy.model.ModelFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.proxy.iptables.CommandRunner;
import dev.ketch.proxy.iptables.IptablesBackend;
import dev.ketch.proxy.netns.NetnsTopology;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole proxy: Services and EndpointSlices written to an in-process API server, the proxy
 * watching them and programming iptables in a network namespace standing for the node (see
 * {@link NetnsTopology}); traffic checked with curl. Needs root.
 */
class ServiceProxyIT {

  @TempDir
  static Path dir;

  private static EmbeddedStore store;
  private static ApiServer api;
  private static KubernetesClient client;
  private static NetnsTopology net;
  private static ServiceProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    store = EmbeddedStore.inMemory();
    api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir.resolve("api")));
    client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst());
    net = new NetnsTopology(dir);
    ServiceProxyConfig config = ServiceProxyConfig.defaults("node-a", NetnsTopology.NODE_IP);
    proxy = ServiceProxy.start(client, config, new IptablesBackend(CommandRunner.inNetns(net.node), config.podCidr()), () -> {});
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (net != null) {
      net.close();
    }
    client.close();
    api.close();
    store.close();
  }

  private static Service service(String name, String type) {
    return client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withType(type).addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build())
        .create();
  }

  private static Set<String> answers(String netns, String url, int tries) throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tries; i++) {
      seen.add(NetnsTopology.get(netns, url));
    }
    return seen;
  }

  @Test
  void aServiceIsReachableAtItsVipUntilDeletedAndFollowsEndpointReadiness() throws Exception {
    String vip = service("webui-service", "ClusterIP").getSpec().getClusterIP();
    client.discovery().v1().endpointSlices().inNamespace("default")
        .resource(slice("webui-service-a", "webui-service", "http", 8080, "10.42.0.5@node-a", "10.42.0.6@node-a")).create();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(answers(net.node, "http://" + vip + "/", 30)).containsExactlyInAnyOrder("10.42.0.5", "10.42.0.6"));

    client.discovery().v1().endpointSlices().inNamespace("default")
        .resource(slice("webui-service-a", "webui-service", "http", 8080, "!10.42.0.5@node-a", "10.42.0.6@node-a")).update();
    long changed = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
        assertThat(answers(net.node, "http://" + vip + "/", 10)).containsExactly("10.42.0.6"));
    System.out.printf("endpoint removed from the rules within %d ms of the slice update%n", (System.nanoTime() - changed) / 1_000_000);

    client.services().inNamespace("default").withName("webui-service").delete();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(NetnsTopology.get(net.node, "http://" + vip + "/")).startsWith("failed"));
  }

  @Test
  void aLoadBalancerServiceGetsTheNodeAddressAndItsNodePortAnswersFromOutside() throws Exception {
    Service lb = service("lb", "LoadBalancer");
    int nodePort = lb.getSpec().getPorts().getFirst().getNodePort();
    assertThat(nodePort).isBetween(30000, 32767);
    client.discovery().v1().endpointSlices().inNamespace("default")
        .resource(slice("lb-a", "lb", "http", 8080, "10.42.0.5@node-a")).create();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(NullPointerException.class).untilAsserted(() -> {
      Service s = client.services().inNamespace("default").withName("lb").get();
      assertThat(s.getStatus().getLoadBalancer().getIngress()).extracting(i -> i.getIp()).containsExactly(NetnsTopology.NODE_IP);
      assertThat(NetnsTopology.get(net.client, "http://" + NetnsTopology.NODE_IP + ":" + nodePort + "/")).isEqualTo("10.42.0.5");
    });
    // the ingress address is proxied like the node port
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(NetnsTopology.get(net.client, "http://" + NetnsTopology.NODE_IP + ":80/")).isEqualTo("10.42.0.5"));
  }

  @Test
  void aServiceWhoseSelectorMatchesNothingRefusesAtOnce() throws Exception {
    String vip = service("nobody", "ClusterIP").getSpec().getClusterIP();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(NetnsTopology.get(net.node, "http://" + vip + "/")).contains("Couldn't connect"));
  }
}
