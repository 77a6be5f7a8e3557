package dev.ketch.dns.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsCodecTest {

  @Test
  void aQueryRoundTrips() throws Exception {
    DnsMessage q = DnsMessage.query(0x1234, "Web.Default.svc.cluster.local.", RecordType.A);
    DnsMessage back = DnsCodec.decode(DnsCodec.encode(q));
    assertThat(back.id()).isEqualTo(0x1234);
    assertThat(back.isResponse()).isFalse();
    assertThat(back.questions()).containsExactly(new Question("web.default.svc.cluster.local", RecordType.A, 1));
  }

  @Test
  void aResponseWithEveryRecordKindRoundTrips() throws Exception {
    DnsMessage q = DnsMessage.query(7, "x.cluster.local", RecordType.SRV);
    DnsMessage r = DnsMessage.response(q, Rcode.NOERROR, true,
        List.of(ResourceRecord.srv("x.cluster.local", 0, 100, 8080, "web-0.x.cluster.local", 5),
            ResourceRecord.cname("y.cluster.local", "example.org", 5),
            ResourceRecord.address("z.cluster.local", InetAddress.ofLiteral("fd00::1"), 5)),
        List.of(ResourceRecord.soa("cluster.local", "ns.dns.cluster.local", "hostmaster.cluster.local", 1, 5, 5)),
        List.of(ResourceRecord.address("web-0.x.cluster.local", InetAddress.ofLiteral("10.42.0.7"), 5)));
    DnsMessage back = DnsCodec.decode(DnsCodec.encode(r));
    assertThat(back.isResponse()).isTrue();
    assertThat(back.authoritative()).isTrue();
    assertThat(back.rcode()).isZero();
    assertThat(back.answers()).isEqualTo(r.answers());
    assertThat(back.answers().get(0).srvPort()).isEqualTo(8080);
    assertThat(back.answers().get(0).target()).isEqualTo("web-0.x.cluster.local");
    assertThat(back.answers().get(1).target()).isEqualTo("example.org");
    assertThat(back.answers().get(2).address().getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:1");
    assertThat(back.authorities()).isEqualTo(r.authorities());
    assertThat(back.additionals()).isEqualTo(r.additionals());
  }

  @Test
  void compressedNamesAreExpandedIncludingInsideRecordData() throws Exception {
    // An answer as a real server writes it: the owner name and the CNAME target point back at the question.
    byte[] m = HexFormat.of().parseHex(
        "abcd81800001000100000000"
            + "03777777076578616d706c65036f726700" + "00050001" // www.example.org CNAME IN
            + "c00c" + "0005" + "0001" + "0000003c" + "0006" + "03636466c010"); // -> cdf.example.org
    DnsMessage d = DnsCodec.decode(m);
    assertThat(d.answers()).hasSize(1);
    assertThat(d.answers().getFirst().name()).isEqualTo("www.example.org");
    assertThat(d.answers().getFirst().target()).isEqualTo("cdf.example.org");
  }

  @Test
  void anOptRecordGivesTheUdpSize() throws Exception {
    byte[] m = HexFormat.of().parseHex("000101000001000000000001" + "016100" + "00010001" + "00" + "0029" + "04d0" + "00000000" + "0000");
    assertThat(DnsCodec.decode(m).ednsUdpSize()).isEqualTo(1232);
  }

  @Test
  void malformedMessagesAreRefusedWithAReason() {
    HexFormat hex = HexFormat.of();
    for (String bad : List.of(
        "0001", // shorter than the header
        "000101000001000000000000", // a question announced but missing
        "00010100000100000000000003777777", // name runs out
        "000101000001000000000000c00c00010001", // pointer to itself
        "0001010000010000000000000161000001", // type without class
        "00010100000100000000000001610000010001ff", // trailing byte
        "000101000001000000000000" + "40" + "00".repeat(64) + "00010001")) { // label type 01
      assertThatThrownBy(() -> DnsCodec.decode(hex.parseHex(bad)), bad).isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void randomBytesNeverFailOtherwiseThanMalformed() {
    Random random = new Random(42);
    byte[] valid = DnsCodec.encode(DnsMessage.query(1, "web.default.svc.cluster.local", RecordType.A));
    for (int i = 0; i < 20_000; i++) {
      byte[] m = i % 2 == 0 ? new byte[random.nextInt(64)] : valid.clone();
      if (i % 2 == 0) {
        random.nextBytes(m);
      } else {
        m[random.nextInt(m.length)] = (byte) random.nextInt(256);
      }
      try {
        DnsCodec.decode(m);
      } catch (MalformedMessageException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void namesTooLongCannotBeWritten() {
    assertThatThrownBy(() -> DnsCodec.encode(DnsMessage.query(1, "a".repeat(64) + ".local", RecordType.A)))
        .isInstanceOf(IllegalArgumentException.class);
    String longName = String.join(".", java.util.Collections.nCopies(60, "abcd"));
    assertThatThrownBy(() -> DnsCodec.encode(DnsMessage.query(1, longName, RecordType.A)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
