package dev.ketch.proxy.iptables;

import static dev.ketch.proxy.model.ModelFixtures.ep;
import static dev.ketch.proxy.model.ModelFixtures.id;
import static dev.ketch.proxy.model.ModelFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.proxy.model.ServicePortSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConntrackTest {

  @Test
  void flowsToRemovedUdpEndpointsAreClearedOnly() {
    ServicePortSpec dns = new ServicePortSpec(id("dns", "UDP"), List.of("10.43.0.10"), 53, 0, List.of(), false, 0);
    ServicePortSpec web = new ServicePortSpec(id("web", "TCP"), List.of("10.43.0.20"), 80, 0, List.of(), false, 0);
    var before = model(Map.of(dns, List.of(ep("10.42.0.5", 53), ep("10.42.0.6", 53)), web, List.of(ep("10.42.0.7", 80))));
    var after = model(Map.of(dns, List.of(ep("10.42.0.6", 53)), web, List.of()));
    assertThat(Conntrack.staleUdpFlows(before, after)).containsExactly(
        List.of("-D", "-p", "udp", "--orig-dst", "10.43.0.10", "--orig-port-dst", "53", "--dst-nat", "10.42.0.5"));
  }
}
