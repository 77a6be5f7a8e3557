package dev.ketch.proxy.model;

/**
 * One port of one Service, the unit the proxy programs.
 *
 * @param port the port's name in the Service ("" when it has a single unnamed port)
 * @param protocol TCP, UDP or SCTP
 */
public record ServicePortName(String namespace, String name, String port, String protocol) implements Comparable<ServicePortName> {

  @Override
  public String toString() {
    return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
  }

  @Override
  public int compareTo(ServicePortName o) {
    return toString().compareTo(o.toString());
  }
}
