package dev.ketch.proxy.iptables;

import dev.ketch.proxy.model.EndpointAddress;
import dev.ketch.proxy.model.ProxyModel;
import dev.ketch.proxy.model.ServicePortName;
import dev.ketch.proxy.model.ServicePortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a {@link ProxyModel} into one {@code iptables-restore} input for the nat and filter
 * tables, the way kube-proxy's iptables mode programs them:
 *
 * <ul>
 *   <li>nat {@code KETCH-SERVICES} matches each cluster IP:port (and external IP:port) and jumps
 *       to the port's {@code KETCH-SVC-*} chain; its last rule sends traffic to local addresses on
 *       to {@code KETCH-NODEPORTS}
 *   <li>{@code KETCH-SVC-*} picks one endpoint at random with equal probability: with n endpoints
 *       the i-th rule (0-based) matches with probability 1/(n-i), the last always; with
 *       sessionAffinity ClientIP, a {@code recent} match first sends a client back to the endpoint
 *       it used within the timeout
 *   <li>{@code KETCH-SEP-*} DNATs to the endpoint (and marks hairpin traffic for masquerade)
 *   <li>traffic from outside the pod network is marked and masqueraded in {@code KETCH-POSTROUTING}
 *   <li>a port without endpoints gets a filter-table REJECT, so that clients fail at once
 *   <li>externalTrafficPolicy Local: traffic from outside goes to {@code KETCH-SVL-*} with only
 *       this node's endpoints, or is dropped when there is none
 * </ul>
 *
 * IPv4 only: IPv6 cluster IPs are left to a matching ip6tables ruleset, which is not generated.
 */
public final class RulesetGenerator {

  static final String MASQ_MARK = "0x4000/0x4000";

  private final String podCidr;

  /** @param podCidr the pod network; traffic to a Service from outside it is masqueraded. Null: masquerade all. */
  public RulesetGenerator(String podCidr) {
    this.podCidr = podCidr;
  }

  public Ruleset generate(ProxyModel model) {
    Lines natRules = new Lines();
    Lines filterRules = new Lines();
    Set<String> natChains = new LinkedHashSet<>(List.of(ChainNames.SERVICES, ChainNames.NODEPORTS,
        ChainNames.POSTROUTING, ChainNames.MARK_MASQ));
    Set<String> filterChains = new LinkedHashSet<>(List.of(ChainNames.SERVICES, ChainNames.EXTERNAL_SERVICES,
        ChainNames.FORWARD));
    natRules.add("-A " + ChainNames.POSTROUTING + " -m mark ! --mark " + MASQ_MARK + " -j RETURN");
    natRules.add("-A " + ChainNames.POSTROUTING + " -j MARK --xor-mark 0x4000");
    natRules.add("-A " + ChainNames.POSTROUTING + " -m comment --comment \"ketch service traffic requiring SNAT\" -j MASQUERADE");
    natRules.add("-A " + ChainNames.MARK_MASQ + " -j MARK --or-mark 0x4000");
    filterRules.add("-A " + ChainNames.FORWARD + " -m conntrack --ctstate INVALID -j DROP");
    filterRules.add("-A " + ChainNames.FORWARD + " -m mark --mark " + MASQ_MARK + " -j ACCEPT");
    filterRules.add("-A " + ChainNames.FORWARD + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");

    for (ServicePortSpec spec : model.services().values()) {
      List<String> vips = spec.clusterIps().stream().filter(RulesetGenerator::isIpv4).toList();
      if (vips.isEmpty()) {
        continue;
      }
      ServicePortName id = spec.id();
      String proto = spec.protocol().toLowerCase(Locale.ROOT);
      List<EndpointAddress> endpoints = model.endpointsOf(id).stream().filter(e -> isIpv4(e.ip())).toList();
      List<String> externals = spec.externalIps().stream().filter(RulesetGenerator::isIpv4).toList();
      boolean external = spec.nodePort() > 0 || !externals.isEmpty();
      if (endpoints.isEmpty()) {
        for (String vip : vips) {
          filterRules.add("-A " + ChainNames.SERVICES + " -d " + vip + "/32 -p " + proto + " -m comment --comment \""
              + id + " has no endpoints\" -m " + proto + " --dport " + spec.port() + " -j REJECT --reject-with icmp-port-unreachable");
        }
        for (String ip : externals) {
          filterRules.add("-A " + ChainNames.EXTERNAL_SERVICES + " -d " + ip + "/32 -p " + proto + " -m comment --comment \""
              + id + " has no endpoints\" -m " + proto + " --dport " + spec.port() + " -j REJECT --reject-with icmp-port-unreachable");
        }
        if (spec.nodePort() > 0) {
          filterRules.add("-A " + ChainNames.EXTERNAL_SERVICES + " -m addrtype --dst-type LOCAL -p " + proto
              + " -m comment --comment \"" + id + " has no endpoints\" -m " + proto + " --dport " + spec.nodePort()
              + " -j REJECT --reject-with icmp-port-unreachable");
        }
        continue;
      }
      String svcChain = ChainNames.service(id);
      natChains.add(svcChain);
      for (String vip : vips) {
        natRules.add("-A " + ChainNames.SERVICES + " -d " + vip + "/32 -p " + proto + " -m comment --comment \"" + id
            + " cluster IP\" -m " + proto + " --dport " + spec.port() + " -j " + svcChain);
        if (podCidr != null) {
          natRules.add("-A " + svcChain + " ! -s " + podCidr + " -d " + vip + "/32 -p " + proto + " -m comment --comment \""
              + id + " cluster IP\" -m " + proto + " --dport " + spec.port() + " -j " + ChainNames.MARK_MASQ);
        } else {
          natRules.add("-A " + svcChain + " -j " + ChainNames.MARK_MASQ);
        }
      }
      spread(natRules, svcChain, id, spec, endpoints);
      for (EndpointAddress e : endpoints) {
        String sep = ChainNames.endpoint(id, e);
        natChains.add(sep);
        natRules.add("-A " + sep + " -s " + e.ip() + "/32 -m comment --comment \"" + id + "\" -j " + ChainNames.MARK_MASQ);
        natRules.add("-A " + sep + " -p " + proto + " -m comment --comment \"" + id + "\""
            + (spec.affinitySeconds() > 0 ? " -m recent --set --name " + sep + " --mask 255.255.255.255 --rsource" : "")
            + " -m " + proto + " -j DNAT --to-destination " + e.hostPort());
      }
      if (external) {
        String extChain = ChainNames.external(id);
        natChains.add(extChain);
        for (String ip : externals) {
          natRules.add("-A " + ChainNames.SERVICES + " -d " + ip + "/32 -p " + proto + " -m comment --comment \"" + id
              + " external IP\" -m " + proto + " --dport " + spec.port() + " -j " + extChain);
        }
        if (spec.nodePort() > 0) {
          natRules.add("-A " + ChainNames.NODEPORTS + " -p " + proto + " -m comment --comment \"" + id + "\" -m " + proto
              + " --dport " + spec.nodePort() + " -j " + extChain);
        }
        if (!spec.externalLocal()) {
          natRules.add("-A " + extChain + " -m comment --comment \"masquerade traffic for " + id + " external destinations\" -j "
              + ChainNames.MARK_MASQ);
          natRules.add("-A " + extChain + " -j " + svcChain);
        } else {
          if (podCidr != null) {
            natRules.add("-A " + extChain + " -s " + podCidr + " -m comment --comment \"pod traffic for " + id
                + " external destinations\" -j " + svcChain);
          }
          natRules.add("-A " + extChain + " -m comment --comment \"masquerade LOCAL traffic for " + id
              + " external destinations\" -m addrtype --src-type LOCAL -j " + ChainNames.MARK_MASQ);
          natRules.add("-A " + extChain + " -m comment --comment \"route LOCAL traffic for " + id
              + " external destinations\" -m addrtype --src-type LOCAL -j " + svcChain);
          List<EndpointAddress> locals = endpoints.stream().filter(EndpointAddress::local).toList();
          if (locals.isEmpty()) {
            filterDropNoLocal(filterRules, id, spec, proto, externals);
          } else {
            String svl = ChainNames.local(id);
            natChains.add(svl);
            natRules.add("-A " + extChain + " -j " + svl);
            spread(natRules, svl, id, spec, locals);
          }
        }
      }
    }
    natRules.add("-A " + ChainNames.SERVICES + " -m comment --comment \"ketch service nodeports; NOTE: this must be the last rule in this chain\""
        + " -m addrtype --dst-type LOCAL -j " + ChainNames.NODEPORTS);

    return new Ruleset(byChain(filterChains, filterRules.lines), byChain(natChains, natRules.lines));
  }

  /** Each chain's rules, in declaration order; every declared chain present, possibly empty. */
  private static Map<String, List<String>> byChain(Set<String> chains, List<String> lines) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    chains.forEach(c -> out.put(c, new ArrayList<>()));
    for (String line : lines) {
      int start = 3;
      String chain = line.substring(start, line.indexOf(' ', start));
      out.get(chain).add(line);
    }
    return out;
  }

  private static void filterDropNoLocal(Lines filterRules, ServicePortName id, ServicePortSpec spec, String proto,
      List<String> externals) {
    for (String ip : externals) {
      filterRules.add("-A " + ChainNames.EXTERNAL_SERVICES + " -d " + ip + "/32 -p " + proto + " -m comment --comment \""
          + id + " has no local endpoints\" -m " + proto + " --dport " + spec.port() + " -j DROP");
    }
    if (spec.nodePort() > 0) {
      filterRules.add("-A " + ChainNames.EXTERNAL_SERVICES + " -m addrtype --dst-type LOCAL -p " + proto
          + " -m comment --comment \"" + id + " has no local endpoints\" -m " + proto + " --dport " + spec.nodePort() + " -j DROP");
    }
  }

  /** Rules in {@code chain} sending to one of {@code endpoints}, each as likely, sticky with ClientIP affinity. */
  private static void spread(Lines rules, String chain, ServicePortName id, ServicePortSpec spec, List<EndpointAddress> endpoints) {
    if (spec.affinitySeconds() > 0) {
      for (EndpointAddress e : endpoints) {
        String sep = ChainNames.endpoint(id, e);
        rules.add("-A " + chain + " -m comment --comment \"" + id + " -> " + e.hostPort() + "\" -m recent --name " + sep
            + " --rcheck --seconds " + spec.affinitySeconds() + " --reap -j " + sep);
      }
    }
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      EndpointAddress e = endpoints.get(i);
      String sep = ChainNames.endpoint(id, e);
      String comment = " -m comment --comment \"" + id + " -> " + e.hostPort() + "\"";
      if (i < n - 1) {
        rules.add("-A " + chain + comment + " -m statistic --mode random --probability " + probability(n - i) + " -j " + sep);
      } else {
        rules.add("-A " + chain + comment + " -j " + sep);
      }
    }
  }

  /** 1/n with enough digits that n rules in a row spread evenly, as kube-proxy writes it. */
  static String probability(int n) {
    return String.format(Locale.ROOT, "%.10f", 1.0 / n);
  }

  static boolean isIpv4(String ip) {
    return !ip.contains(":");
  }

  private static final class Lines {
    final List<String> lines = new ArrayList<>();

    void add(String line) {
      lines.add(line);
    }
  }
}
