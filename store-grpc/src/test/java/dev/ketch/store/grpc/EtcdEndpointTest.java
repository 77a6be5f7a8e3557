package dev.ketch.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.store.embedded.EmbeddedStore;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EtcdEndpointTest {

  @Test
  void refusesToServeAWildcardAddressWithoutTls() {
    try (var store = EmbeddedStore.inMemory()) {
      var config = EtcdEndpointConfig.loopback().withAddress(new InetSocketAddress("0.0.0.0", 0));
      assertThatThrownBy(() -> EtcdEndpoint.start(store, config))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("refusing to serve the etcd API on 0.0.0.0 without TLS");
    }
  }

  @Test
  void picksAFreePortAndKeepsItsIdentity() {
    try (var store = EmbeddedStore.inMemory();
        var endpoint = EtcdEndpoint.start(store, EtcdEndpointConfig.loopback().withIds(5, 6))) {
      assertThat(endpoint.address().getPort()).isPositive();
      assertThat(endpoint.clientUrl().toString())
          .isEqualTo("http://127.0.0.1:" + endpoint.address().getPort());
      assertThat(endpoint.config().memberId()).isEqualTo(6);
    }
  }
}
