package dev.ketch.proxy.model;

/**
 * One endpoint of a Service port.
 *
 * @param local whether it runs on this node (for externalTrafficPolicy Local)
 */
public record EndpointAddress(String ip, int port, boolean local) implements Comparable<EndpointAddress> {

  public String hostPort() {
    return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  @Override
  public int compareTo(EndpointAddress o) {
    return hostPort().compareTo(o.hostPort());
  }
}
