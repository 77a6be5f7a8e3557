package dev.ketch.dns;

import static dev.ketch.dns.cluster.ClusterFixtures.clusterIp;
import static dev.ketch.dns.cluster.ClusterFixtures.externalName;
import static dev.ketch.dns.cluster.ClusterFixtures.headless;
import static dev.ketch.dns.cluster.ClusterFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.manager.KubeClients;
import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.Rcode;
import dev.ketch.dns.message.RecordType;
import dev.ketch.dns.message.ResourceRecord;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster DNS against an API server in process: objects created through the API are
 * answered over UDP and TCP once their watch events arrive, other names go to a stand-in upstream.
 */
class ClusterDnsIT {

  @TempDir
  static Path dir;

  private static EmbeddedStore store;
  private static ApiServer api;
  private static KubernetesClient client;
  private static DatagramSocket upstream;
  private static Thread upstreamThread;
  private static ClusterDns dns;
  private static DnsTestClient query;

  @BeforeAll
  static void start() throws Exception {
    store = EmbeddedStore.inMemory();
    api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
    client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst());
    upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    upstreamThread = Thread.ofPlatform().daemon().start(ClusterDnsIT::answerEverythingWith192);
    dns = ClusterDns.start(client, ClusterDnsConfig.defaults(new InetSocketAddress("127.0.0.1", 0))
        .withUpstreams(List.of((InetSocketAddress) upstream.getLocalSocketAddress()), Duration.ofSeconds(1)));
    query = new DnsTestClient(dns.address());
  }

  /** A stand-in for the host's resolver: every A question gets 192.0.2.1. */
  private static void answerEverythingWith192() {
    byte[] buffer = new byte[4096];
    while (!upstream.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        upstream.receive(p);
        DnsMessage q = DnsCodec.decode(Arrays.copyOf(buffer, p.getLength()));
        String name = q.questions().getFirst().name();
        byte[] answer = DnsCodec.encode(DnsMessage.response(q, Rcode.NOERROR, false,
            List.of(ResourceRecord.address(name, InetAddress.ofLiteral("192.0.2.1"), 60)), List.of(), List.of()));
        upstream.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
      } catch (Exception e) {
        // closed at the end of the test, or a query the stand-in does not understand
      }
    }
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
    upstream.close();
    client.close();
    api.close();
    store.close();
  }

  private static List<String> addresses(DnsMessage m) {
    return m.answers().stream().filter(r -> r.type() == RecordType.A).map(r -> r.address().getHostAddress()).toList();
  }

  private static Service create(Service s) {
    return client.services().inNamespace(s.getMetadata().getNamespace()).resource(s).create();
  }

  private static void create(EndpointSlice s) {
    client.discovery().v1().endpointSlices().inNamespace(s.getMetadata().getNamespace()).resource(s).create();
  }

  @Test
  void aServiceCreatedThroughTheApiResolvesOverUdpAndTcpAndGoesAwayWhenDeleted() {
    Service created = create(clusterIp("default", "webui-service", null, "http", 80));
    String ip = created.getSpec().getClusterIP();
    assertThat(ip).startsWith("10.43.");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(addresses(query.udp("webui-service.default.svc.cluster.local", RecordType.A))).containsExactly(ip));
    DnsMessage tcp = query.tcp("webui-service.default.svc.cluster.local.", RecordType.A);
    assertThat(tcp.authoritative()).isTrue();
    assertThat(addresses(tcp)).containsExactly(ip);
    assertThat(query.udp("_http._tcp.webui-service.default.svc.cluster.local", RecordType.SRV).answers())
        .extracting(ResourceRecord::srvPort).containsExactly(80);
    client.services().inNamespace("default").withName("webui-service").delete();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(query.udp("webui-service.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN));
  }

  @Test
  void aHeadlessServiceAnswersStatefulPodNamesAndFollowsReadiness() {
    create(headless("default", "nginx", "web", 80));
    create(slice("default", "nginx-abc", "nginx", "web", 80, "web-0=10.42.0.10", "web-1=10.42.0.11"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(addresses(query.udp("web-0.nginx.default.svc.cluster.local", RecordType.A))).containsExactly("10.42.0.10"));
    assertThat(addresses(query.udp("nginx.default.svc.cluster.local", RecordType.A)))
        .containsExactlyInAnyOrder("10.42.0.10", "10.42.0.11");
    client.discovery().v1().endpointSlices().inNamespace("default")
        .resource(slice("default", "nginx-abc", "nginx", "web", 80, "web-0=!10.42.0.10", "web-1=10.42.0.11")).update();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(addresses(query.udp("nginx.default.svc.cluster.local", RecordType.A))).containsExactly("10.42.0.11"));
    assertThat(query.udp("web-0.nginx.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void anExternalNameServiceIsACnameResolvedUpstream() {
    create(externalName("default", "search", "www.example.org"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      DnsMessage m = query.udp("search.default.svc.cluster.local", RecordType.A);
      assertThat(m.answers()).extracting(ResourceRecord::type).containsExactly(RecordType.CNAME, RecordType.A);
      assertThat(m.answers().get(1).address().getHostAddress()).isEqualTo("192.0.2.1");
    });
  }

  @Test
  void podsResolveByDashedAddress() {
    client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    client.pods().inNamespace("default").withName("p").editStatus(p -> new PodBuilder(p).editOrNewStatus()
        .withPodIP("10.42.0.33").addNewPodIP().withIp("10.42.0.33").endPodIP().endStatus().build());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(addresses(query.udp("10-42-0-33.default.pod.cluster.local", RecordType.A))).containsExactly("10.42.0.33"));
  }

  @Test
  void theKubeDnsServiceHasTheWellKnownIpAndPointsAtTheDnsServer() {
    KubeDnsService.ensure(client, "10.43.0.10", "127.0.0.1", dns.address().getPort());
    KubeDnsService.ensure(client, "10.43.0.10", "127.0.0.1", dns.address().getPort());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(addresses(query.udp("kube-dns.kube-system.svc.cluster.local", RecordType.A))).containsExactly("10.43.0.10"));
    var slice = client.discovery().v1().endpointSlices().inNamespace("kube-system").withName("kube-dns-ketch").get();
    assertThat(slice.getEndpoints().getFirst().getAddresses()).containsExactly("127.0.0.1");
    assertThat(slice.getPorts()).extracting(p -> p.getPort()).containsOnly(dns.address().getPort());
  }

  @Test
  void otherNamesAreForwardedAndMalformedQueriesGetFormerr() {
    assertThat(addresses(query.udp("kubernetes.io", RecordType.A))).containsExactly("192.0.2.1");
    assertThat(addresses(query.tcp("kubernetes.io", RecordType.A))).isEmpty(); // the stand-in serves UDP only
    DnsMessage formerr = DnsTestClient.decode(query.udpRaw(new byte[] {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, 'a'}));
    assertThat(formerr.rcode()).isEqualTo(Rcode.FORMERR);
    assertThat(formerr.id()).isEqualTo(0x1234);
    assertThat(query.udp("nothing.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }
}
