package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.DnsConfig;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodDnsTest {

  @Test
  void clusterFirstPointsAtTheClusterDnsWithTheNamespacesSearchPath() {
    var pod = TestPods.pod("p").namespace("shop").container("c", "nginx").build();

    DnsConfig dns = PodDns.forPod(pod, List.of("10.96.0.10"), "cluster.local");

    assertThat(dns.servers()).containsExactly("10.96.0.10");
    assertThat(dns.searches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(dns.options()).containsExactly("ndots:5");
  }

  @Test
  void hostNetworkPodsUnderClusterFirstUseTheHostsResolver() {
    var pod = TestPods.pod("p").container("c", "nginx").build();
    pod.getSpec().setHostNetwork(true);

    assertThat(PodDns.forPod(pod, List.of("10.96.0.10"), "cluster.local")).isEqualTo(DnsConfig.none());
  }

  @Test
  void withoutClusterDnsClusterFirstFallsBackToTheHost() {
    var pod = TestPods.pod("p").container("c", "nginx").build();

    assertThat(PodDns.forPod(pod, List.of(), "cluster.local")).isEqualTo(DnsConfig.none());
  }

  @Test
  void noneTakesOnlyTheSpecsDnsConfigAndOptionsOverride() {
    var pod = TestPods.pod("p").container("c", "nginx").build();
    pod.getSpec().setDnsPolicy("None");
    pod.getSpec().setDnsConfig(new PodDNSConfigBuilder().withNameservers("1.1.1.1").withSearches("example.com")
        .addNewOption().withName("ndots").withValue("2").endOption().build());

    DnsConfig dns = PodDns.forPod(pod, List.of("10.96.0.10"), "cluster.local");

    assertThat(dns.servers()).containsExactly("1.1.1.1");
    assertThat(dns.searches()).containsExactly("example.com");
    assertThat(dns.options()).containsExactly("ndots:2");
  }
}
