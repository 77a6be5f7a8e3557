package dev.ketch.controllers.nodeipam;

import java.util.List;

/**
 * How the {@link NodeIpamController} allocates pod CIDRs.
 *
 * @param clusterCidrs one cluster CIDR per IP family (--cluster-cidr); k3s uses 10.42.0.0/16
 * @param nodeMaskIpv4 the size of an IPv4 node subnet (--node-cidr-mask-size-ipv4, 24)
 * @param nodeMaskIpv6 the size of an IPv6 node subnet (--node-cidr-mask-size-ipv6, 64)
 */
public record NodeIpamControllerConfig(List<String> clusterCidrs, int nodeMaskIpv4, int nodeMaskIpv6) {

  public NodeIpamControllerConfig {
    clusterCidrs = List.copyOf(clusterCidrs);
    if (clusterCidrs.isEmpty() || clusterCidrs.size() > 2) {
      throw new IllegalArgumentException("one or two cluster CIDRs are needed");
    }
    for (String cidr : clusterCidrs) {
      // Parsed here, so that a bad range is refused where it is given, not when the controller starts.
      new CidrSet(cidr, cidr.contains(":") ? nodeMaskIpv6 : nodeMaskIpv4);
    }
  }

  public static NodeIpamControllerConfig defaults() {
    return new NodeIpamControllerConfig(List.of("10.42.0.0/16"), 24, 64);
  }
}
