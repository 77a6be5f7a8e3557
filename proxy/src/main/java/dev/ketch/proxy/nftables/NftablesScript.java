package dev.ketch.proxy.nftables;

import dev.ketch.proxy.iptables.ChainNames;
import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortName;
import dev.ketch.proxy.model.ServicePortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxy's whole nftables table ({@code ip ketch}) for a {@link ProxyModel}, as one {@code nft -f}
 * script that creates the table if needed, deletes it and defines it anew: nft applies a script
 * as one transaction, so the switch is atomic and nothing of a deleted Service survives.
 *
 * <p>Same behaviour as the iptables rules, in nftables' idiom (as kube-proxy's nftables mode):
 * verdict maps from cluster IP . protocol . port (and from protocol . node port) to each Service
 * port's chain, {@code numgen random mod n} spreading evenly over endpoint chains, dynamic sets
 * with timeouts for ClientIP affinity, sets of ports without endpoints rejected in the filter
 * hooks, and a mark for masquerading in postrouting. IPv4 only.
 */
public final class NftablesScript {

  public static final String TABLE = "ketch";
  static final String MASQ_MARK = "0x4000";

  private final String podCidr;

  /** @param podCidr the pod network, not masqueraded; null to masquerade everything */
  public NftablesScript(String podCidr) {
    this.podCidr = podCidr;
  }

  public String generate(ProxyModel model) {
    List<String> serviceIps = new ArrayList<>();
    List<String> nodePorts = new ArrayList<>();
    List<String> noEndpoints = new ArrayList<>();
    List<String> noEndpointNodePorts = new ArrayList<>();
    List<String> noLocalNodePorts = new ArrayList<>();
    StringBuilder chains = new StringBuilder();
    StringBuilder sets = new StringBuilder();
    for (ServicePortSpec spec : model.services().values()) {
      List<String> vips = spec.clusterIps().stream().filter(ip -> !ip.contains(":")).toList();
      if (vips.isEmpty()) {
        continue;
      }
      ServicePortName id = spec.id();
      String proto = spec.protocol().toLowerCase(Locale.ROOT);
      List<EndpointAddress> endpoints = model.endpointsOf(id).stream().filter(e -> !e.ip().contains(":")).toList();
      List<String> externals = spec.externalIps().stream().filter(ip -> !ip.contains(":")).toList();
      if (endpoints.isEmpty()) {
        vips.forEach(v -> noEndpoints.add(v + " . " + proto + " . " + spec.port()));
        externals.forEach(v -> noEndpoints.add(v + " . " + proto + " . " + spec.port()));
        if (spec.nodePort() > 0) {
          noEndpointNodePorts.add(proto + " . " + spec.nodePort());
        }
        continue;
      }
      String svc = ChainNames.service(id);
      vips.forEach(v -> serviceIps.add(v + " . " + proto + " . " + spec.port() + " : goto " + svc));
      chain(chains, svc, spreadRules(id, spec, endpoints, sets, true));
      for (EndpointAddress e : endpoints) {
        String sep = ChainNames.endpoint(id, e);
        List<String> rules = new ArrayList<>();
        rules.add("ip saddr " + e.ip() + " jump mark-for-masquerade");
        if (spec.affinitySeconds() > 0) {
          rules.add("update @" + affinitySet(sep) + " { ip saddr }");
        }
        rules.add("meta l4proto " + proto + " dnat to " + e.hostPort());
        chain(chains, sep, rules);
      }
      if (spec.nodePort() > 0 || !externals.isEmpty()) {
        String ext = ChainNames.external(id);
        externals.forEach(v -> serviceIps.add(v + " . " + proto + " . " + spec.port() + " : goto " + ext));
        if (spec.nodePort() > 0) {
          nodePorts.add(proto + " . " + spec.nodePort() + " : goto " + ext);
        }
        List<String> rules = new ArrayList<>();
        if (!spec.externalLocal()) {
          rules.add("jump mark-for-masquerade");
          rules.add("goto " + svc);
        } else {
          if (podCidr != null) {
            rules.add("ip saddr " + podCidr + " goto " + svc);
          }
          rules.add("fib saddr type local jump mark-for-masquerade");
          rules.add("fib saddr type local goto " + svc);
          List<EndpointAddress> locals = endpoints.stream().filter(EndpointAddress::local).toList();
          if (locals.isEmpty()) {
            if (spec.nodePort() > 0) {
              noLocalNodePorts.add(proto + " . " + spec.nodePort());
            }
            rules.add("drop");
          } else {
            String svl = ChainNames.local(id);
            rules.add("goto " + svl);
            chain(chains, svl, spreadRules(id, spec, locals, sets, false));
          }
        }
        chain(chains, ext, rules);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("table ip ").append(TABLE).append(" {}\n");
    out.append("delete table ip ").append(TABLE).append('\n');
    out.append("table ip ").append(TABLE).append(" {\n");
    map(out, "service-ips", "ipv4_addr . inet_proto . inet_service : verdict", serviceIps);
    map(out, "service-nodeports", "inet_proto . inet_service : verdict", nodePorts);
    map(out, "no-endpoint-services", "ipv4_addr . inet_proto . inet_service", noEndpoints);
    map(out, "no-endpoint-nodeports", "inet_proto . inet_service", noEndpointNodePorts);
    map(out, "no-local-endpoint-nodeports", "inet_proto . inet_service", noLocalNodePorts);
    out.append(sets);
    chain(out, "nat-prerouting", List.of("type nat hook prerouting priority dstnat; policy accept;", "jump services"));
    chain(out, "nat-output", List.of("type nat hook output priority -100; policy accept;", "jump services"));
    chain(out, "nat-postrouting", List.of("type nat hook postrouting priority srcnat; policy accept;",
        "meta mark & " + MASQ_MARK + " == " + MASQ_MARK + " meta mark set meta mark ^ " + MASQ_MARK + " masquerade"));
    chain(out, "mark-for-masquerade", List.of("meta mark set meta mark | " + MASQ_MARK));
    chain(out, "services", List.of("ip daddr . meta l4proto . th dport vmap @service-ips",
        "fib daddr type local meta l4proto . th dport vmap @service-nodeports"));
    String reject = "ct state new ip daddr . meta l4proto . th dport @no-endpoint-services reject";
    chain(out, "filter-output", List.of("type filter hook output priority 0; policy accept;", reject));
    chain(out, "filter-forward", List.of("type filter hook forward priority 0; policy accept;", reject));
    chain(out, "filter-input", List.of("type filter hook input priority 0; policy accept;", reject,
        "ct state new fib daddr type local meta l4proto . th dport @no-endpoint-nodeports reject",
        "ct state new fib daddr type local meta l4proto . th dport @no-local-endpoint-nodeports drop"));
    out.append(chains);
    out.append("}\n");
    return out.toString();
  }

  private List<String> spreadRules(ServicePortName id, ServicePortSpec spec, List<EndpointAddress> endpoints,
      StringBuilder sets, boolean masquerade) {
    List<String> rules = new ArrayList<>();
    if (masquerade) {
      rules.add(podCidr != null ? "ip saddr != " + podCidr + " jump mark-for-masquerade" : "jump mark-for-masquerade");
    }
    if (spec.affinitySeconds() > 0) {
      for (EndpointAddress e : endpoints) {
        String sep = ChainNames.endpoint(id, e);
        if (masquerade) {
          sets.append("  set ").append(affinitySet(sep)).append(" {\n    type ipv4_addr\n    flags dynamic,timeout\n    timeout ")
              .append(spec.affinitySeconds()).append("s\n  }\n");
        }
        rules.add("ip saddr @" + affinitySet(sep) + " goto " + sep);
      }
    }
    StringBuilder vmap = new StringBuilder("numgen random mod " + endpoints.size() + " vmap { ");
    for (int i = 0; i < endpoints.size(); i++) {
      vmap.append(i == 0 ? "" : ", ").append(i).append(" : goto ").append(ChainNames.endpoint(id, endpoints.get(i)));
    }
    rules.add(vmap.append(" }").toString());
    return rules;
  }

  static String affinitySet(String endpointChain) {
    return "affinity-" + endpointChain;
  }

  private static void chain(StringBuilder out, String name, List<String> rules) {
    out.append("  chain ").append(name).append(" {\n");
    rules.forEach(r -> out.append("    ").append(r).append('\n'));
    out.append("  }\n");
  }

  private static void map(StringBuilder out, String name, String type, List<String> elements) {
    out.append("  ").append(type.contains(": verdict") ? "map " : "set ").append(name).append(" {\n    type ").append(type).append('\n');
    if (!elements.isEmpty()) {
      out.append("    elements = { ").append(String.join(",\n      ", elements)).append(" }\n");
    }
    out.append("  }\n");
  }
}
