package dev.ketch.store.grpc.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainTextPolicyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "localhost"})
  void loopbackIsAllowed(String host) {
    assertThatCode(() -> PlainTextPolicy.check(new InetSocketAddress(host, 0)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "192.168.0.1", "8.8.8.8"})
  void anythingElseIsRefused(String host) {
    assertThatThrownBy(() -> PlainTextPolicy.check(new InetSocketAddress(host, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without TLS")
        .hasMessageContaining("only loopback addresses");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"no-such-host.invalid"})
  void unresolvedIsRefused(String host) {
    assertThatThrownBy(() -> PlainTextPolicy.check(InetSocketAddress.createUnresolved(host, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unresolved");
  }
}
