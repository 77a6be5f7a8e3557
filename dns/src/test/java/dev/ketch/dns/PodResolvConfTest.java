package dev.ketch.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PodResolvConfTest {

  private static final String HOST = "nameserver 192.168.1.1\nsearch corp.example\n";

  @Test
  void clusterFirstUsesTheClusterDnsAndSearchPath() {
    assertThat(PodResolvConf.render(null, "shop", "cluster.local", "10.43.0.10", HOST)).isEqualTo(
        "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n"
            + "nameserver 10.43.0.10\noptions ndots:5\n");
  }

  @Test
  void defaultIsTheHostsFile() {
    assertThat(PodResolvConf.render("Default", "shop", "cluster.local", "10.43.0.10", HOST)).isEqualTo(HOST);
  }

  @Test
  void noneIsNotRenderedFromDefaults() {
    assertThatThrownBy(() -> PodResolvConf.render("None", "shop", "cluster.local", "10.43.0.10", HOST))
        .hasMessageContaining("None");
  }
}
