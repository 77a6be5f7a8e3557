package dev.ketch.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolv.conf a pod gets, as the kubelet writes it: with dnsPolicy ClusterFirst (the default)
 * the cluster DNS, the search path {@code <ns>.svc.<zone> svc.<zone> <zone>} followed by the
 * host's, and {@code ndots:5}; with Default the host's own file. ClusterFirstWithHostNet is
 * ClusterFirst; None leaves everything to the pod's dnsConfig, which is not rendered here.
 */
public final class PodResolvConf {

  private static final int MAX_SEARCH = 32;

  private PodResolvConf() {}

  /**
   * @param dnsPolicy the pod's spec.dnsPolicy (null for ClusterFirst)
   * @param hostResolvConf the host's resolv.conf text
   * @param clusterDns the cluster DNS Service IP, e.g. 10.43.0.10
   */
  public static String render(String dnsPolicy, String namespace, String zone, String clusterDns, String hostResolvConf) {
    String policy = dnsPolicy == null ? "ClusterFirst" : dnsPolicy;
    if (policy.equals("Default")) {
      return hostResolvConf;
    }
    if (!policy.equals("ClusterFirst") && !policy.equals("ClusterFirstWithHostNet")) {
      throw new IllegalArgumentException("dnsPolicy " + policy + " is not rendered from the cluster defaults");
    }
    List<String> search = new ArrayList<>(List.of(namespace + ".svc." + zone, "svc." + zone, zone));
    for (String line : hostResolvConf.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length > 1 && (words[0].equals("search") || words[0].equals("domain"))) {
        for (int i = 1; i < words.length; i++) {
          if (!search.contains(words[i]) && search.size() < MAX_SEARCH) {
            search.add(words[i]);
          }
        }
      }
    }
    return "search " + String.join(" ", search) + "\nnameserver " + clusterDns + "\noptions ndots:5\n";
  }
}
