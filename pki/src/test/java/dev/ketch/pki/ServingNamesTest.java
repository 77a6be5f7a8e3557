package dev.ketch.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServingNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.43.0.0/16, 10.43.0.1",
    "10.96.0.0/12, 10.96.0.1",
    "10.43.7.9/16, 10.43.0.1",
    "192.168.0.0/24, 192.168.0.1",
    "fd00:10:43::/108, fd00:10:43:0:0:0:0:1",
  })
  void firstAddressOfACidr(String cidr, String first) {
    assertThat(ServingNames.firstAddress(cidr)).isEqualTo(InetAddress.ofLiteral(first));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.43.0.0", "10.43.0.0/33", "kubernetes/16", "10.43.0.0/x", "10.43.0.0/32"})
  void refusesWhatIsNoUsableCidr(String cidr) {
    assertThatThrownBy(() -> ServingNames.firstAddress(cidr)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"not a name", "bad_name", "-leading.dash", ""})
  void refusesNamesThatAreNeitherDnsNamesNorAddresses(String name) {
    assertThatThrownBy(() -> ServingNames.of(List.of(name))).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Api.Example.COM", "*.example.com", "node-1", "::1", "fe80::1", "2001:db8::7"})
  void acceptsDnsNamesWildcardsAndAddresses(String name) {
    ServingNames names = ServingNames.of(List.of(name));
    assertThat(names.dnsNames().size() + names.ipAddresses().size()).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void equalityIgnoresOrderCaseAndSpelling() {
    assertThat(ServingNames.of(List.of("LocalHost", "::1", "127.0.0.1")))
        .isEqualTo(ServingNames.of(List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "localhost")));
  }
}
