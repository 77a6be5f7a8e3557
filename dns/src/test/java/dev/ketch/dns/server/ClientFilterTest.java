package dev.ketch.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientFilterTest {

  @Test
  void podNetworkAndLoopbackAreAnsweredOthersNot() {
    ClientFilter f = new ClientFilter(List.of("10.42.0.0/16"));
    assertThat(f.test(InetAddress.ofLiteral("10.42.3.7"))).isTrue();
    assertThat(f.test(InetAddress.ofLiteral("127.0.0.1"))).isTrue();
    assertThat(f.test(InetAddress.ofLiteral("10.43.0.1"))).isFalse();
    assertThat(f.test(InetAddress.ofLiteral("203.0.113.9"))).isFalse();
    assertThat(f.test(InetAddress.ofLiteral("fd00::1"))).isFalse();
  }

  @Test
  void badRangesAreRefused() {
    assertThatThrownBy(() -> new ClientFilter(List.of("10.42.0.0"))).hasMessageContaining("not a CIDR");
    assertThatThrownBy(() -> new ClientFilter(List.of("10.42.0.0/33"))).hasMessageContaining("prefix");
  }
}
