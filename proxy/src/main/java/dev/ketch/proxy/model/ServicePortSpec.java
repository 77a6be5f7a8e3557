package dev.ketch.proxy.model;

import java.util.List;

/**
 * What the proxy needs of one Service port.
 *
 * @param clusterIps the cluster IPs (IPv4 and IPv6); never empty: headless and ExternalName
 *     Services have no ports to proxy
 * @param nodePort the node port, 0 for none
 * @param externalIps externalIPs and load balancer ingress IPs, reached like the node port
 * @param externalLocal externalTrafficPolicy Local: traffic from outside goes only to this node's endpoints
 * @param affinitySeconds sessionAffinity ClientIP's timeout, 0 for no affinity
 */
public record ServicePortSpec(ServicePortName id, List<String> clusterIps, int port, int nodePort,
    List<String> externalIps, boolean externalLocal, int affinitySeconds) {

  public ServicePortSpec {
    clusterIps = List.copyOf(clusterIps);
    externalIps = List.copyOf(externalIps);
  }

  public String protocol() {
    return id.protocol();
  }
}
