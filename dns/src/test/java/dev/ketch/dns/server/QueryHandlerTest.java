package dev.ketch.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.dns.DnsTestClient;
import dev.ketch.dns.cluster.ClusterFixtures;
import dev.ketch.dns.cluster.ClusterRecords;
import dev.ketch.dns.cluster.ClusterResolver;
import dev.ketch.dns.message.DnsCodec;
import dev.ketch.dns.message.DnsMessage;
import dev.ketch.dns.message.Rcode;
import dev.ketch.dns.message.RecordType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryHandlerTest {

  private final ClusterRecords records = new ClusterRecords();
  private final QueryHandler handler = new QueryHandler(new ClusterResolver("cluster.local", records),
      new Forwarder(List.of(), Duration.ofMillis(100)));

  private DnsMessage answer(byte[] query) {
    return DnsTestClient.decode(handler.handle(query, false).orElseThrow());
  }

  @Test
  void malformedQueriesGetFormerrWithTheirId() {
    DnsMessage m = answer(HexFormat.of().parseHex("beef0100000100000000000003777777"));
    assertThat(m.id()).isEqualTo(0xbeef);
    assertThat(m.isResponse()).isTrue();
    assertThat(m.rcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void twoQuestionsAreFormerrAndOtherOpcodesNotimp() {
    DnsMessage two = answer(HexFormat.of().parseHex("0001010000020000000000000161000001000101620000010001"));
    assertThat(two.rcode()).isEqualTo(Rcode.FORMERR);
    DnsMessage notify = answer(HexFormat.of().parseHex("0002200000010000000000000161000001000 1".replace(" ", "")));
    assertThat(notify.rcode()).isEqualTo(Rcode.NOTIMP);
  }

  @Test
  void tooShortMessagesAndAnswersAreIgnored() {
    assertThat(handler.handle(new byte[] {1, 2, 3}, false)).isEmpty();
    byte[] response = DnsCodec.encode(DnsMessage.error(1, 0, Rcode.NOERROR));
    assertThat(handler.handle(response, false)).isEmpty();
  }

  @Test
  void namesOutsideTheClusterWithoutUpstreamsGetServfail() {
    DnsMessage m = answer(DnsCodec.encode(DnsMessage.query(9, "example.org", RecordType.A)));
    assertThat(m.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(m.id()).isEqualTo(9);
  }

  @Test
  void anUnresponsiveUpstreamGivesServfailAfterItsTimeout() throws Exception {
    try (var silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      QueryHandler h = new QueryHandler(new ClusterResolver("cluster.local", records),
          new Forwarder(List.of(new InetSocketAddress("127.0.0.1", silent.getLocalPort())), Duration.ofMillis(200)));
      byte[] out = h.handle(DnsCodec.encode(DnsMessage.query(3, "example.org", RecordType.A)), false).orElseThrow();
      assertThat(DnsTestClient.decode(out).rcode()).isEqualTo(Rcode.SERVFAIL);
    }
  }

  @Test
  void udpAnswersTooBigAreTruncatedWithTc() {
    records.put(ClusterFixtures.headless("default", "big", "web", 80));
    String[] endpoints = new String[100];
    for (int i = 0; i < endpoints.length; i++) {
      endpoints[i] = "10.42.1." + i;
    }
    records.put(ClusterFixtures.slice("default", "big-a", "big", "web", 80, endpoints));
    byte[] query = DnsCodec.encode(DnsMessage.query(4, "big.default.svc.cluster.local", RecordType.A));
    byte[] udp = handler.handle(query, false).orElseThrow();
    assertThat(udp.length).isLessThanOrEqualTo(512);
    assertThat(DnsTestClient.decode(udp).truncated()).isTrue();
    DnsMessage tcp = DnsTestClient.decode(handler.handle(query, true).orElseThrow());
    assertThat(tcp.truncated()).isFalse();
    assertThat(tcp.answers()).hasSize(100);
  }
}
