package dev.ketch.proxy.iptables;

import static dev.ketch.proxy.model.ModelFixtures.clusterIp;
import static dev.ketch.proxy.model.ModelFixtures.ep;
import static dev.ketch.proxy.model.ModelFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The iptables backend programming a real packet filter, in throwaway network namespaces (see
 * {@link NetnsTopology}): traffic reaches endpoints through a cluster IP and a node port,
 * a Service without endpoints refuses at once, and a deleted Service leaves no chain behind.
 * Needs root.
 */
class IptablesBackendIT {

  @TempDir
  static Path dir;

  private static NetnsTopology net;
  private static CommandRunner node;
  private static IptablesBackend backend;

  @BeforeAll
  static void setUp() throws Exception {
    net = new NetnsTopology(dir);
    node = CommandRunner.inNetns(net.node);
    backend = new IptablesBackend(node, "10.42.0.0/16");
  }

  @AfterAll
  static void tearDown() {
    if (backend != null) {
      backend.close();
    }
    if (net != null) {
      net.close();
    }
  }

  private static final ServicePortSpec WEB = new ServicePortSpec(clusterIp("webui-service", "10.43.0.20", 80).id(),
      List.of("10.43.0.20"), 80, 30080, List.of(), false, 0);
  private static final ServicePortSpec EMPTY = clusterIp("empty", "10.43.0.30", 80);

  @Test
  void clusterIpAndNodePortReachEveryEndpointAndNoEndpointsRejectsAtOnce() throws Exception {
    ProxyModel m = model(Map.of(WEB, List.of(ep("10.42.0.5", 8080), ep("10.42.0.6", 8080)), EMPTY, List.of()));
    backend.sync(m);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      seen.add(NetnsTopology.get(net.node, "http://10.43.0.20/"));
    }
    assertThat(seen).containsExactlyInAnyOrder("10.42.0.5", "10.42.0.6");
    Set<String> viaNodePort = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      viaNodePort.add(NetnsTopology.get(net.client, "http://" + NetnsTopology.NODE_IP + ":30080/"));
    }
    assertThat(viaNodePort).containsExactlyInAnyOrder("10.42.0.5", "10.42.0.6");

    long started = System.nanoTime();
    String refused = NetnsTopology.get(net.node, "http://10.43.0.30/");
    assertThat(refused).startsWith("failed").contains("Couldn't connect");
    assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds to fail").isLessThan(2_500);
  }

  @Test
  void aDeletedServiceLeavesNoChainAndItsVipGoesDead() throws Exception {
    ProxyModel with = model(Map.of(WEB, List.of(ep("10.42.0.5", 8080))));
    backend.sync(with);
    assertThat(NetnsTopology.get(net.node, "http://10.43.0.20/")).isEqualTo("10.42.0.5");
    assertThat(backend.existingChains("nat")).contains(ChainNames.service(WEB.id()));
    backend.sync(model(Map.of()));
    assertThat(backend.existingChains("nat")).noneMatch(ChainNames::isPerService);
    assertThat(NetnsTopology.get(net.node, "http://10.43.0.20/")).startsWith("failed");
  }

  @Test
  void anEndpointRemovedStopsGettingTraffic() throws Exception {
    backend.sync(model(Map.of(WEB, List.of(ep("10.42.0.5", 8080), ep("10.42.0.6", 8080)))));
    backend.sync(model(Map.of(WEB, List.of(ep("10.42.0.6", 8080)))));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      seen.add(NetnsTopology.get(net.node, "http://10.43.0.20/"));
    }
    assertThat(seen).containsExactly("10.42.0.6");
    assertThat(backend.existingChains("nat")).doesNotContain(ChainNames.endpoint(WEB.id(), ep("10.42.0.5", 8080)));
  }
}
