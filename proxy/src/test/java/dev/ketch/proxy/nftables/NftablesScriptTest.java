package dev.ketch.proxy.nftables;

import static dev.ketch.proxy.model.ModelFixtures.clusterIp;
import static dev.ketch.proxy.model.ModelFixtures.ep;
import static dev.ketch.proxy.model.ModelFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.proxy.iptables.ChainNames;
import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ServicePortSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftablesScriptTest {

  private final NftablesScript script = new NftablesScript("10.42.0.0/16");

  @Test
  void theTableIsReplacedWholeInOneScript() {
    String s = script.generate(model(Map.of()));
    assertThat(s).startsWith("table ip ketch {}\ndelete table ip ketch\ntable ip ketch {\n");
  }

  @Test
  void endpointsAreChosenByAnEvenRandomNumberAndDnatted() {
    ServicePortSpec web = clusterIp("web", "10.43.0.20", 80);
    List<EndpointAddress> eps = List.of(ep("10.42.0.5", 8080), ep("10.42.0.6", 8080), ep("10.42.0.7", 8080));
    String s = script.generate(model(Map.of(web, eps)));
    assertThat(s).contains("10.43.0.20 . tcp . 80 : goto " + ChainNames.service(web.id()));
    assertThat(s).contains("numgen random mod 3 vmap { 0 : goto " + ChainNames.endpoint(web.id(), eps.get(0)) + ", 1 : goto "
        + ChainNames.endpoint(web.id(), eps.get(1)) + ", 2 : goto " + ChainNames.endpoint(web.id(), eps.get(2)) + " }");
    assertThat(s).contains("meta l4proto tcp dnat to 10.42.0.7:8080", "ip saddr != 10.42.0.0/16 jump mark-for-masquerade");
  }

  @Test
  void servicePortsWithoutEndpointsAreInTheRejectSet() {
    ServicePortSpec np = new ServicePortSpec(clusterIp("np", "10.43.0.30", 53).id(), List.of("10.43.0.30"), 53, 30053,
        List.of(), false, 0);
    String s = script.generate(model(Map.of(np, List.of())));
    assertThat(s).contains("set no-endpoint-services {\n    type ipv4_addr . inet_proto . inet_service\n    elements = { 10.43.0.30 . tcp . 53 }");
    assertThat(s).contains("set no-endpoint-nodeports {\n    type inet_proto . inet_service\n    elements = { tcp . 30053 }");
    assertThat(s).doesNotContain("chain " + ChainNames.service(np.id()));
  }

  @Test
  void affinityUsesATimedSetPerEndpoint() {
    ServicePortSpec sticky = new ServicePortSpec(clusterIp("s", "10.43.0.40", 80).id(), List.of("10.43.0.40"), 80, 0,
        List.of(), false, 600);
    EndpointAddress a = ep("10.42.0.5", 80);
    String s = script.generate(model(Map.of(sticky, List.of(a))));
    String set = NftablesScript.affinitySet(ChainNames.endpoint(sticky.id(), a));
    assertThat(s).contains("set " + set + " {\n    type ipv4_addr\n    flags dynamic,timeout\n    timeout 600s\n  }",
        "ip saddr @" + set + " goto " + ChainNames.endpoint(sticky.id(), a), "update @" + set + " { ip saddr }");
  }
}
