package dev.ketch.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * A host port a pod asks for: an IP (0.0.0.0 for all), a protocol and a port.
 *
 * @param ip the host IP, "0.0.0.0" when unset
 * @param protocol TCP, UDP or SCTP
 * @param port 1–65535
 */
public record HostPort(String ip, String protocol, int port) {

  public static final String ANY_IP = "0.0.0.0";

  /** The host ports of the pod's containers (init containers are not counted, as upstream). */
  public static List<HostPort> of(Pod pod) {
    List<HostPort> out = new ArrayList<>();
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return out;
    }
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() == null) {
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        if (p.getHostPort() == null || p.getHostPort() <= 0) {
          continue;
        }
        String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? ANY_IP : p.getHostIP();
        String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
        out.add(new HostPort(ip, protocol, p.getHostPort()));
      }
    }
    return out;
  }

  /** Whether both cannot be bound at once: same protocol and port, and either IP is 0.0.0.0 or they are equal. */
  public boolean conflictsWith(HostPort other) {
    return port == other.port && protocol.equals(other.protocol)
        && (ip.equals(ANY_IP) || other.ip.equals(ANY_IP) || ip.equals(other.ip));
  }
}
