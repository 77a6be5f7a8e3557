package dev.ketch.server;

import dev.ketch.proxy.ServiceProxyConfig;
import picocli.CommandLine.Option;

/** The options of {@code ketch server} for service networking: the cluster DNS and the service proxy. */
final class NetworkingOptions {

  @Option(
      names = "--cluster-dns-listen",
      defaultValue = "auto",
      description = "Where the cluster DNS answers (UDP and TCP), host:port; 'auto' for this node's address, port 10053 "
          + "(another free port if taken); 'off' for no cluster DNS. Default: ${DEFAULT-VALUE}.")
  String dnsListen;

  @Option(
      names = "--cluster-dns",
      defaultValue = "10.43.0.10",
      description = "The cluster IP of the kube-system/kube-dns Service pods resolve names with. Default: ${DEFAULT-VALUE}.")
  String clusterDnsIp;

  @Option(
      names = "--cluster-domain",
      defaultValue = "cluster.local",
      description = "The cluster's DNS domain. Default: ${DEFAULT-VALUE}.")
  String clusterDomain;

  @Option(
      names = "--cluster-cidr",
      defaultValue = "10.42.0.0/16",
      description = "The pod network: what the proxy does not masquerade, and whom the cluster DNS answers besides this "
          + "machine. Default: ${DEFAULT-VALUE}.")
  String clusterCidr;

  @Option(
      names = "--proxy-mode",
      defaultValue = "auto",
      description = "The service proxy: iptables, nftables, userspace, off, or auto (iptables where it can be programmed, "
          + "else userspace; only when this machine runs pods as a node). Default: ${DEFAULT-VALUE}.")
  String proxyMode;

  NetworkingConfig config() {
    boolean proxyForced = !proxyMode.equalsIgnoreCase("auto") && !proxyMode.equalsIgnoreCase("off");
    ServiceProxyConfig.Mode mode = switch (proxyMode.toLowerCase(java.util.Locale.ROOT)) {
      case "auto", "off" -> ServiceProxyConfig.Mode.AUTO;
      case "iptables" -> ServiceProxyConfig.Mode.IPTABLES;
      case "nftables" -> ServiceProxyConfig.Mode.NFTABLES;
      case "userspace" -> ServiceProxyConfig.Mode.USERSPACE;
      default -> throw new IllegalArgumentException(
          "--proxy-mode must be auto, iptables, nftables, userspace or off, not '" + proxyMode + "'");
    };
    return new NetworkingConfig(dnsListen, clusterDnsIp, clusterDomain, clusterCidr, proxyMode.equalsIgnoreCase("off"),
        proxyForced, mode);
  }
}
