package dev.ketch.dns.cluster;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * One ready endpoint of a Service as DNS names it: by its hostname (a StatefulSet pod's, set when
 * the pod's subdomain is the Service) or else by its address with dashes.
 */
record EndpointEntry(String address, String hostname, List<ServiceEntry.NamedPort> ports) {

  String label() {
    return hostname != null && !hostname.isEmpty() ? hostname : address.replace('.', '-').replace(':', '-');
  }

  /** The ready endpoints of a slice, each address its own entry. */
  static List<EndpointEntry> of(EndpointSlice slice) {
    List<ServiceEntry.NamedPort> ports = new ArrayList<>();
    if (slice.getPorts() != null) {
      for (EndpointPort p : slice.getPorts()) {
        if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
          ports.add(new ServiceEntry.NamedPort(p.getName(), ServiceEntry.protocol(p.getProtocol()), p.getPort()));
        }
      }
    }
    List<EndpointEntry> entries = new ArrayList<>();
    if (slice.getEndpoints() == null) {
      return entries;
    }
    for (Endpoint e : slice.getEndpoints()) {
      boolean ready = e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
      if (!ready || e.getAddresses() == null) {
        continue;
      }
      for (String address : e.getAddresses()) {
        entries.add(new EndpointEntry(address, e.getHostname(), List.copyOf(ports)));
      }
    }
    return entries;
  }
}
