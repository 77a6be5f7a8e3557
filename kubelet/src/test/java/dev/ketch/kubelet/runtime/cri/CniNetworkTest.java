package dev.ketch.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniNetworkTest {

  @TempDir
  Path dir;

  @Test
  void theNetworkIsABridgeWithHostLocalAddressesFromThePodRange() throws Exception {
    JsonNode list = new ObjectMapper().readTree(CniNetwork.conflist("10.42.3.0/24"));

    assertThat(list.path("name").asText()).isEqualTo("ketch");
    JsonNode bridge = list.path("plugins").get(0);
    assertThat(bridge.path("type").asText()).isEqualTo("bridge");
    assertThat(bridge.path("ipMasq").asBoolean()).isTrue();
    assertThat(bridge.path("ipam").path("type").asText()).isEqualTo("host-local");
    assertThat(bridge.path("ipam").path("ranges").get(0).get(0).path("subnet").asText()).isEqualTo("10.42.3.0/24");
    assertThat(list.path("plugins").get(1).path("type").asText()).isEqualTo("portmap");
  }

  @Test
  void writingTheSameNetworkTwiceChangesNothing() throws Exception {
    assertThat(CniNetwork.write(dir, "10.42.0.0/24")).isTrue();
    assertThat(CniNetwork.write(dir, "10.42.0.0/24")).isFalse();
    assertThat(CniNetwork.write(dir, "10.42.1.0/24")).isTrue();
    assertThat(Files.readString(dir.resolve(CniNetwork.FILE))).contains("10.42.1.0/24");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CniNetwork.FILE);
    }
  }

  @Test
  void aRangeThatIsNotAnIpv4CidrIsRefused() {
    assertThatThrownBy(() -> CniNetwork.conflist("10.42.0.0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CniNetwork.conflist("10.42.0.300/24")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CniNetwork.conflist("10.42.0.0/31")).isInstanceOf(IllegalArgumentException.class);
  }
}
