package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.MalformedMessageException;
import dev.ketch.dns.message.Rcode;
import dev.ketch.dns.message.RecordType;
import dev.ketch.dns.message.ResourceRecord;
import dev.ketch.dns.server.Forwarder;
import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster DNS as `bin/ketch server` runs it, driven with kubectl: the kube-dns Service at its
 * well-known IP, Service names answered and removed as kubectl creates and deletes Services, a
 * headless Service's endpoints by hostname (a StatefulSet's pod names), ExternalName CNAMEs. The
 * service proxy stays off: this test must not program the machine's packet filter.
 */
class ServiceNetworkingEndToEndIT {

  private static final String HEADLESS = """
      apiVersion: v1
      kind: Service
      metadata: {name: nginx}
      spec:
        clusterIP: None
        selector: {app: nginx}
        ports: [{name: web, port: 80}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: nginx-abcde
        labels: {kubernetes.io/service-name: nginx}
      addressType: IPv4
      ports: [{name: web, port: 80, protocol: TCP}]
      endpoints:
      - {addresses: [10.42.0.21], hostname: web-0, conditions: {ready: true}}
      - {addresses: [10.42.0.22], hostname: web-1, conditions: {ready: true}}
      """;

  @TempDir Path tmp;

  private static DnsMessage ask(InetSocketAddress dns, String name, int type) throws MalformedMessageException {
    byte[] query = DnsCodec.encode(DnsMessage.query(4242, name, type));
    byte[] answer = new Forwarder(List.of(dns), Duration.ofSeconds(3)).forward(query, false)
        .orElseThrow(() -> new AssertionError("no answer from the cluster DNS"));
    return DnsCodec.decode(answer);
  }

  private static List<String> addresses(DnsMessage m) {
    return m.answers().stream().filter(r -> r.type() == RecordType.A).map(r -> r.address().getHostAddress()).toList();
  }

  @Test
  void theClusterDnsAnswersForServicesKubectlCreates() throws Exception {
    int dnsPort = KetchProcess.freePort();
    InetSocketAddress dns = new InetSocketAddress("127.0.0.1", dnsPort);
    try (KetchProcess ketch = KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120), "server",
        "--data-dir", tmp.resolve("data").toString(), "--etcd-listen", "off",
        "--https-listen", "127.0.0.1:" + KetchProcess.freePort(),
        "--cluster-dns-listen", "127.0.0.1:" + dnsPort, "--proxy-mode", "off", "--disable-agent")) {
      assertThat(ketch.output()).contains("cluster DNS:    10.43.0.10:53 (kube-system/kube-dns), answering on 127.0.0.1:" + dnsPort,
          "service proxy:  off");
      Kubectl k = Kubectl.defaultVersion(tmp.resolve("data/kubeconfig"));
      assertThat(k.ok("get", "service", "kube-dns", "-n", "kube-system", "-o", "jsonpath={.spec.clusterIP}")).isEqualTo("10.43.0.10");

      k.ok("create", "service", "clusterip", "webui-service", "--tcp=80:80");
      String ip = k.ok("get", "service", "webui-service", "-o", "jsonpath={.spec.clusterIP}");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(addresses(ask(dns, "webui-service.default.svc.cluster.local", RecordType.A))).containsExactly(ip));

      k.runWithInput(HEADLESS, "apply", "-f", "-");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(addresses(ask(dns, "web-0.nginx.default.svc.cluster.local", RecordType.A))).containsExactly("10.42.0.21"));
      assertThat(addresses(ask(dns, "nginx.default.svc.cluster.local", RecordType.A)))
          .containsExactlyInAnyOrder("10.42.0.21", "10.42.0.22");

      k.ok("create", "service", "externalname", "search", "--external-name", "www.example.org");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(ask(dns, "search.default.svc.cluster.local", RecordType.CNAME).answers())
              .extracting(ResourceRecord::target).containsExactly("www.example.org"));

      k.ok("delete", "service", "webui-service");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(ask(dns, "webui-service.default.svc.cluster.local", RecordType.A).rcode()).isEqualTo(Rcode.NXDOMAIN));
    }
  }
}
