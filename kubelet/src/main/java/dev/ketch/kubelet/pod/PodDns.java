package dev.ketch.kubelet.pod;

import dev.ketch.kubelet.runtime.DnsConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's resolv.conf by its dnsPolicy (pkg/kubelet/network/dns): ClusterFirst (the default)
 * points at the cluster DNS with the namespace's search path and {@code ndots:5}; host-network
 * pods under ClusterFirst, and every pod when no cluster DNS is configured, use the host's
 * resolver (Default); None uses only spec.dnsConfig, which the other policies append.
 */
public final class PodDns {

  private PodDns() {}

  public static DnsConfig forPod(Pod pod, List<String> clusterDns, String clusterDomain) {
    String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    List<String> servers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    boolean cluster = switch (policy) {
      case "ClusterFirstWithHostNet" -> true;
      case "ClusterFirst" -> !hostNetwork;
      default -> false;
    };
    if (cluster && !clusterDns.isEmpty()) {
      String ns = pod.getMetadata().getNamespace();
      servers.addAll(clusterDns);
      searches.add(ns + ".svc." + clusterDomain);
      searches.add("svc." + clusterDomain);
      searches.add(clusterDomain);
      options.add("ndots:5");
    }
    PodDNSConfig extra = pod.getSpec().getDnsConfig();
    if (extra != null) {
      if (extra.getNameservers() != null) {
        extra.getNameservers().stream().filter(s -> !servers.contains(s)).forEach(servers::add);
      }
      if (extra.getSearches() != null) {
        extra.getSearches().stream().filter(s -> !searches.contains(s)).forEach(searches::add);
      }
      if (extra.getOptions() != null) {
        for (PodDNSConfigOption o : extra.getOptions()) {
          String text = o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue();
          options.removeIf(existing -> existing.split(":")[0].equals(o.getName()));
          options.add(text);
        }
      }
    }
    if (servers.isEmpty() && searches.isEmpty() && options.isEmpty()) {
      return DnsConfig.none();
    }
    return new DnsConfig(servers, searches, options);
  }
}
