package dev.ketch.proxy.iptables;

import static dev.ketch.proxy.model.ModelFixtures.clusterIp;
import static dev.ketch.proxy.model.ModelFixtures.ep;
import static dev.ketch.proxy.model.ModelFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesetGeneratorTest {

  private final RulesetGenerator generator = new RulesetGenerator("10.42.0.0/16");

  private static List<String> rulesOf(String text, String chain) {
    return Arrays.stream(text.split("\n")).filter(l -> l.startsWith("-A " + chain + " ")).toList();
  }

  @Test
  void threeEndpointsAreChosenWithEqualProbability() {
    ServicePortSpec web = clusterIp("web", "10.43.0.20", 80);
    List<EndpointAddress> eps = List.of(ep("10.42.0.5", 8080), ep("10.42.0.6", 8080), ep("10.42.0.7", 8080));
    String text = generator.generate(model(Map.of(web, eps))).text();
    String svc = ChainNames.service(web.id());
    assertThat(rulesOf(text, ChainNames.SERVICES)).anySatisfy(r ->
        assertThat(r).contains("-d 10.43.0.20/32", "-p tcp", "--dport 80", "-j " + svc));
    List<String> picks = rulesOf(text, svc).stream().filter(r -> r.contains("KETCH-SEP-")).toList();
    assertThat(picks).hasSize(3);
    assertThat(picks.get(0)).contains("--probability 0.3333333333");
    assertThat(picks.get(1)).contains("--probability 0.5000000000");
    assertThat(picks.get(2)).doesNotContain("statistic");
    // each choice is 1/3: first 1/3, then (2/3)(1/2), then the rest
    for (EndpointAddress e : eps) {
      String sep = ChainNames.endpoint(web.id(), e);
      assertThat(rulesOf(text, sep)).anySatisfy(r -> assertThat(r).endsWith("-j DNAT --to-destination " + e.hostPort()));
    }
    assertThat(rulesOf(text, svc).getFirst()).contains("! -s 10.42.0.0/16", "-j KETCH-MARK-MASQ");
  }

  @Test
  void aServiceWithoutEndpointsIsRejectedInTheFilterTable() {
    ServicePortSpec empty = clusterIp("empty", "10.43.0.30", 80);
    Ruleset r = generator.generate(model(Map.of(empty, List.of())));
    String filter = r.text().substring(0, r.text().indexOf("*nat"));
    assertThat(rulesOf(filter, ChainNames.SERVICES)).singleElement().satisfies(rule ->
        assertThat(rule).contains("-d 10.43.0.30/32", "--dport 80", "-j REJECT"));
    assertThat(r.natChains()).noneMatch(c -> c.startsWith("KETCH-SVC-"));
  }

  @Test
  void nodePortsGoThroughTheExternalChainWithMasquerade() {
    ServicePortSpec np = new ServicePortSpec(clusterIp("np", "10.43.0.40", 80).id(), List.of("10.43.0.40"), 80, 30080,
        List.of(), false, 0);
    String text = generator.generate(model(Map.of(np, List.of(ep("10.42.0.5", 8080))))).text();
    String ext = ChainNames.external(np.id());
    assertThat(rulesOf(text, ChainNames.NODEPORTS)).singleElement().satisfies(r ->
        assertThat(r).contains("--dport 30080", "-j " + ext));
    assertThat(rulesOf(text, ext)).containsExactly(
        "-A " + ext + " -m comment --comment \"masquerade traffic for default/np/TCP external destinations\" -j KETCH-MARK-MASQ",
        "-A " + ext + " -j " + ChainNames.service(np.id()));
    assertThat(rulesOf(text, ChainNames.SERVICES).getLast()).contains("--dst-type LOCAL", "-j KETCH-NODEPORTS");
  }

  @Test
  void localPolicyUsesOnlyThisNodesEndpointsAndDropsWithoutThem() {
    ServicePortSpec local = new ServicePortSpec(clusterIp("lp", "10.43.0.50", 80).id(), List.of("10.43.0.50"), 80, 30081,
        List.of(), true, 0);
    EndpointAddress here = new EndpointAddress("10.42.0.5", 80, true);
    EndpointAddress there = new EndpointAddress("10.42.1.5", 80, false);
    String text = generator.generate(model(Map.of(local, List.of(here, there)))).text();
    String svl = ChainNames.local(local.id());
    assertThat(rulesOf(text, svl)).singleElement().satisfies(r -> assertThat(r).contains(ChainNames.endpoint(local.id(), here)));
    String none = generator.generate(model(Map.of(local, List.of(there)))).text();
    assertThat(rulesOf(none, ChainNames.EXTERNAL_SERVICES)).anySatisfy(r -> assertThat(r).contains("--dport 30081", "-j DROP"));
  }

  @Test
  void clientIpAffinityChecksRecentClientsFirstAndRecordsThem() {
    ServicePortSpec sticky = new ServicePortSpec(clusterIp("sticky", "10.43.0.60", 80).id(), List.of("10.43.0.60"), 80, 0,
        List.of(), false, 600);
    EndpointAddress a = ep("10.42.0.5", 80);
    String text = generator.generate(model(Map.of(sticky, List.of(a, ep("10.42.0.6", 80))))).text();
    String sep = ChainNames.endpoint(sticky.id(), a);
    List<String> svc = rulesOf(text, ChainNames.service(sticky.id()));
    assertThat(svc.get(1)).contains("-m recent --name " + sep + " --rcheck --seconds 600 --reap -j " + sep);
    assertThat(rulesOf(text, sep)).anySatisfy(r -> assertThat(r).contains("-m recent --set --name " + sep, "DNAT"));
  }

  @Test
  void staleChainsAreFlushedAndDeletedInTheSameRestore() {
    ProxyModel now = model(Map.of(clusterIp("web", "10.43.0.20", 80), List.of(ep("10.42.0.5", 80))));
    Ruleset r = generator.generate(now);
    String input = r.render(Map.of(), Map.of(),
        IptablesBackend.staleChains(r, Set.of("KETCH-SVC-OLD0000000000000", "KETCH-SERVICES")));
    String nat = input.substring(input.indexOf("*nat"));
    assertThat(nat).contains(":KETCH-SVC-OLD0000000000000 - [0:0]\n", "-X KETCH-SVC-OLD0000000000000\nCOMMIT\n");
    assertThat(nat).doesNotContain("-X KETCH-SERVICES");
  }

  @Test
  void aPartialRenderRewritesOnlyTheChainsThatChanged() {
    ServicePortSpec a = clusterIp("a", "10.43.0.1", 80);
    ServicePortSpec b = clusterIp("b", "10.43.0.2", 80);
    Ruleset before = generator.generate(model(Map.of(a, List.of(ep("10.42.0.1", 80)), b, List.of(ep("10.42.0.2", 80)))));
    Ruleset after = generator.generate(model(Map.of(a, List.of(ep("10.42.0.1", 80)), b, List.of(ep("10.42.0.3", 80)))));
    String partial = after.render(before.filterRules(), before.natRules(), IptablesBackend.staleChains(after, before.natChains()));
    assertThat(partial).doesNotContain(ChainNames.service(a.id()), ChainNames.endpoint(a.id(), ep("10.42.0.1", 80)));
    assertThat(partial).contains(":" + ChainNames.service(b.id()) + " - [0:0]",
        ":" + ChainNames.endpoint(b.id(), ep("10.42.0.3", 80)) + " - [0:0]",
        "-X " + ChainNames.endpoint(b.id(), ep("10.42.0.2", 80)));
    assertThat(after.render(after.filterRules(), after.natRules(), Set.of())).isEqualTo("*filter\nCOMMIT\n*nat\nCOMMIT\n");
  }

  @Test
  void theSameModelGivesTheSameRules() {
    ProxyModel m = model(Map.of(clusterIp("a", "10.43.0.1", 80), List.of(ep("10.42.0.9", 80), ep("10.42.0.2", 80)),
        clusterIp("b", "10.43.0.2", 53), List.of(ep("10.42.0.3", 53))));
    assertThat(generator.generate(m).text()).isEqualTo(generator.generate(m).text());
  }

  @Test
  void jumpRulesSplitKeepingQuotedComments() {
    assertThat(IptablesBackend.splitRule("-m comment --comment \"ketch service portals\" -j KETCH-SERVICES"))
        .containsExactly("-m", "comment", "--comment", "ketch service portals", "-j", "KETCH-SERVICES");
  }
}
