package dev.ketch.proxy;

import java.time.Duration;

/**
 * How the node's service proxy runs.
 *
 * @param nodeName this node, for externalTrafficPolicy Local
 * @param nodeIp this node's address, written as the ingress of LoadBalancer Services
 * @param podCidr the pod network, for deciding what to masquerade; null to masquerade everything
 * @param mode which backend: {@link Mode#AUTO} is iptables where it can be programmed, else user space;
 *     nftables only when asked
 * @param minSyncInterval the least time between two syncs
 * @param resyncInterval how often the rules are rewritten even without a change
 */
public record ServiceProxyConfig(String nodeName, String nodeIp, String podCidr, Mode mode, Duration minSyncInterval,
    Duration resyncInterval) {

  public enum Mode {
    AUTO,
    IPTABLES,
    NFTABLES,
    USERSPACE
  }

  public static ServiceProxyConfig defaults(String nodeName, String nodeIp) {
    return new ServiceProxyConfig(nodeName, nodeIp, "10.42.0.0/16", Mode.AUTO, Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  public ServiceProxyConfig withMode(Mode m) {
    return new ServiceProxyConfig(nodeName, nodeIp, podCidr, m, minSyncInterval, resyncInterval);
  }
}
