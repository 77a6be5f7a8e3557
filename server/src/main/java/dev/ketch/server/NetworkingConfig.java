package dev.ketch.server;

import dev.ketch.proxy.ServiceProxyConfig;

/**
 * Service networking as asked for on the command line.
 *
 * @param dnsListen host:port, "auto" or "off"
 * @param proxyOff whether no service proxy runs
 * @param proxyForced whether the proxy runs even when this machine is not a node
 */
record NetworkingConfig(String dnsListen, String clusterDnsIp, String clusterDomain, String clusterCidr, boolean proxyOff,
    boolean proxyForced, ServiceProxyConfig.Mode proxyMode) {

  static final int PREFERRED_DNS_PORT = 10053;

  boolean dnsOff() {
    return dnsListen.equalsIgnoreCase("off");
  }
}
