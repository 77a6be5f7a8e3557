package dev.ketch.apiserver.discovery;

import java.util.Objects;

/**
 * Where clients from a network should reach the server, as {@code /api} lists it in {@code
 * serverAddressByClientCIDRs}.
 *
 * @param clientCIDR the clients' network, e.g. {@code 0.0.0.0/0}
 * @param serverAddress {@code host:port} of the server for those clients
 */
public record ServerAddress(String clientCIDR, String serverAddress) {

  public ServerAddress {
    Objects.requireNonNull(clientCIDR, "clientCIDR");
    Objects.requireNonNull(serverAddress, "serverAddress");
  }

  /** The address for every client, as a single-address server advertises itself. */
  public static ServerAddress everyone(String hostPort) {
    return new ServerAddress("0.0.0.0/0", hostPort);
  }
}
