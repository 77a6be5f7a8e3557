package dev.ketch.apiserver.discovery;

import java.util.List;

/**
 * How discovery presents the server.
 *
 * @param serverAddresses the {@code serverAddressByClientCIDRs} of {@code /api}
 * @param aggregated whether {@code /api} and {@code /apis} answer aggregated discovery
 *     (apidiscovery.k8s.io v2 and v2beta1) to clients that ask for it; the legacy documents are
 *     served either way
 */
public record DiscoveryOptions(List<ServerAddress> serverAddresses, boolean aggregated) {

  public DiscoveryOptions {
    serverAddresses = List.copyOf(serverAddresses);
  }

  /** Aggregated discovery on, one address for every client. */
  public static DiscoveryOptions of(String hostPort) {
    return new DiscoveryOptions(List.of(ServerAddress.everyone(hostPort)), true);
  }

  public DiscoveryOptions withAggregated(boolean on) {
    return new DiscoveryOptions(serverAddresses, on);
  }
}
