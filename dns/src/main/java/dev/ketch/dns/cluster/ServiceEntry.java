package dev.ketch.dns.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What DNS needs of a Service.
 *
 * @param clusterIps the Service's cluster IPs; empty for headless and ExternalName Services
 * @param externalName the CNAME target of an ExternalName Service, else null
 * @param ports the named ports, for SRV records
 */
record ServiceEntry(String namespace, String name, List<String> clusterIps, boolean headless, String externalName,
    List<NamedPort> ports) {

  static ServiceEntry of(Service s) {
    var spec = s.getSpec();
    String type = spec == null || spec.getType() == null ? "ClusterIP" : spec.getType();
    List<String> ips = new ArrayList<>();
    boolean headless = false;
    String externalName = null;
    if ("ExternalName".equals(type)) {
      externalName = spec.getExternalName();
    } else if (spec != null) {
      List<String> all = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty() ? spec.getClusterIPs()
          : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
      headless = all.contains("None");
      if (!headless) {
        ips.addAll(all.stream().filter(ip -> !ip.isEmpty()).toList());
      }
    }
    List<NamedPort> ports = new ArrayList<>();
    if (spec != null && spec.getPorts() != null) {
      for (ServicePort p : spec.getPorts()) {
        if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
          ports.add(new NamedPort(p.getName(), protocol(p.getProtocol()), p.getPort()));
        }
      }
    }
    return new ServiceEntry(s.getMetadata().getNamespace(), s.getMetadata().getName(), List.copyOf(ips), headless,
        externalName, List.copyOf(ports));
  }

  static String protocol(String protocol) {
    return protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
  }

  /** A named port; {@code protocol} in lower case as it appears in SRV names. */
  record NamedPort(String name, String protocol, int port) {}
}
