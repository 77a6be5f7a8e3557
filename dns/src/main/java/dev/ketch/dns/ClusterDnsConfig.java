package dev.ketch.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import dev.ketch.dns.server.ResolvConf;

/**
 * How the cluster DNS runs.
 *
 * @param listen where to answer, UDP and TCP
 * @param zone the cluster domain, {@code cluster.local}
 * @param resolvConf the file naming the upstream resolvers for other names
 * @param upstreams the upstream resolvers; null for those of {@code resolvConf}
 * @param upstreamTimeout how long one upstream may take before the next is tried
 * @param allowedClients networks answered besides this machine's own addresses (the pod network)
 */
public record ClusterDnsConfig(InetSocketAddress listen, String zone, Path resolvConf, List<InetSocketAddress> upstreams,
    Duration upstreamTimeout, List<String> allowedClients) {

  public static final String DEFAULT_ZONE = "cluster.local";

  public static ClusterDnsConfig defaults(InetSocketAddress listen) {
    return new ClusterDnsConfig(listen, DEFAULT_ZONE, Path.of("/etc/resolv.conf"), null, Duration.ofSeconds(2), List.of("10.42.0.0/16"));
  }

  public ClusterDnsConfig withResolvConf(Path file) {
    return new ClusterDnsConfig(listen, zone, file, upstreams, upstreamTimeout, allowedClients);
  }

  public ClusterDnsConfig withUpstreams(List<InetSocketAddress> servers, Duration timeout) {
    return new ClusterDnsConfig(listen, zone, resolvConf, List.copyOf(servers), timeout, allowedClients);
  }

  public ClusterDnsConfig withAllowedClients(List<String> cidrs) {
    return new ClusterDnsConfig(listen, zone, resolvConf, upstreams, upstreamTimeout, List.copyOf(cidrs));
  }

  /** The upstream resolvers: the given ones, else resolv.conf's, never this server itself. */
  public List<InetSocketAddress> effectiveUpstreams() {
    List<InetSocketAddress> servers = upstreams != null ? upstreams : ResolvConf.nameservers(resolvConf);
    return servers.stream().filter(u -> !u.equals(listen)).toList();
  }
}
