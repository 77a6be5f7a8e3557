package dev.ketch.proxy.netns;

import static dev.ketch.proxy.model.ModelFixtures.clusterIp;
import static dev.ketch.proxy.model.ModelFixtures.ep;
import static dev.ketch.proxy.model.ModelFixtures.id;
import static dev.ketch.proxy.model.ModelFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.proxy.ProxyBackend;
import dev.ketch.proxy.iptables.ChainNames;
import dev.ketch.proxy.iptables.CommandRunner;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every packet filter backend must do, checked on a real kernel in throwaway network
 * namespaces (see {@link NetnsTopology}): traffic reaches every endpoint through a cluster IP and,
 * from another machine, through a node port; a Service without endpoints refuses at once; removed
 * endpoints and deleted Services leave nothing behind, not even UDP conntrack entries. Needs root
 * and the conntrack tool.
 */
public abstract class PacketFilterBackendTests {

  @TempDir
  static Path dir;

  protected static NetnsTopology net;
  private static ProxyBackend backend;

  protected static final ServicePortSpec WEB = new ServicePortSpec(clusterIp("webui-service", "10.43.0.20", 80).id(),
      List.of("10.43.0.20"), 80, 30080, List.of(), false, 0);
  protected static final ServicePortSpec EMPTY = clusterIp("empty", "10.43.0.30", 80);

  /** Starts the topology and the backend {@code factory} makes for the node's namespace. */
  protected static <B extends ProxyBackend> B setUp(java.util.function.Function<CommandRunner, B> factory) throws Exception {
    net = new NetnsTopology(dir);
    B b = factory.apply(CommandRunner.inNetns(net.node));
    backend = b;
    return b;
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

  /** Whether the backend's rules still mention {@code chain}. */
  protected abstract boolean programs(String chain);

  @Test
  void clusterIpAndNodePortReachEveryEndpointAndNoEndpointsRejectsAtOnce() throws Exception {
    backend.sync(model(Map.of(WEB, List.of(ep("10.42.0.5", 8080), ep("10.42.0.6", 8080)), EMPTY, List.of())));
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
  void aDeletedServiceLeavesNothingAndItsVipGoesDead() throws Exception {
    backend.sync(model(Map.of(WEB, List.of(ep("10.42.0.5", 8080)))));
    assertThat(NetnsTopology.get(net.node, "http://10.43.0.20/")).isEqualTo("10.42.0.5");
    assertThat(programs(ChainNames.service(WEB.id()))).isTrue();
    backend.sync(ProxyModel.empty());
    assertThat(programs(ChainNames.service(WEB.id()))).isFalse();
    assertThat(programs(ChainNames.endpoint(WEB.id(), ep("10.42.0.5", 8080)))).isFalse();
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
    assertThat(programs(ChainNames.endpoint(WEB.id(), ep("10.42.0.5", 8080)))).isFalse();
  }

  @Test
  void udpFlowsToARemovedEndpointAreCleared() throws Exception {
    ServicePortSpec dns = new ServicePortSpec(id("dns", "UDP"), List.of("10.43.0.50"), 53, 0, List.of(), false, 0);
    backend.sync(model(Map.of(dns, List.of(ep("10.42.0.5", 5353)))));
    NetnsTopology.sh("ip", "netns", "exec", net.node, "bash", "-c", "echo query > /dev/udp/10.43.0.50/53");
    assertThat(udpFlowsTo("10.42.0.5")).contains("src=10.42.0.5", "sport=5353");
    backend.sync(model(Map.of(dns, List.of(ep("10.42.0.6", 5353)))));
    assertThat(udpFlowsTo("10.42.0.5")).doesNotContain("10.42.0.5");
  }

  /** The node's conntrack entries of UDP flows DNAT-ed to {@code endpoint}, as conntrack lists them. */
  private static String udpFlowsTo(String endpoint) throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "exec", net.node, "conntrack", "-L", "-p", "udp", "--dst-nat", endpoint)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  @Test
  void clientIpAffinityKeepsAClientOnOneEndpoint() throws Exception {
    ServicePortSpec sticky = new ServicePortSpec(clusterIp("sticky", "10.43.0.40", 80).id(), List.of("10.43.0.40"), 80, 0,
        List.of(), false, 600);
    backend.sync(model(Map.of(sticky, List.of(ep("10.42.0.5", 8080), ep("10.42.0.6", 8080)))));
    String first = NetnsTopology.get(net.node, "http://10.43.0.40/");
    assertThat(first).isIn("10.42.0.5", "10.42.0.6");
    for (int i = 0; i < 10; i++) {
      assertThat(NetnsTopology.get(net.node, "http://10.43.0.40/")).isEqualTo(first);
    }
  }
}
