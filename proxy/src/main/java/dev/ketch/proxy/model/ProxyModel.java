package dev.ketch.proxy.model;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The desired state of the node's proxying: every proxied Service port and its ready endpoints,
 * in a stable order so that the same state always gives the same rules. Immutable.
 */
public record ProxyModel(SortedMap<ServicePortName, ServicePortSpec> services,
    SortedMap<ServicePortName, List<EndpointAddress>> endpoints) {

  public ProxyModel {
    services = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(services));
    TreeMap<ServicePortName, List<EndpointAddress>> copy = new TreeMap<>();
    endpoints.forEach((k, v) -> copy.put(k, List.copyOf(v.stream().sorted().toList())));
    endpoints = java.util.Collections.unmodifiableSortedMap(copy);
  }

  public static ProxyModel of(Map<ServicePortName, ServicePortSpec> services, Map<ServicePortName, List<EndpointAddress>> endpoints) {
    return new ProxyModel(new TreeMap<>(services), new TreeMap<>(endpoints));
  }

  public static ProxyModel empty() {
    return of(Map.of(), Map.of());
  }

  /** The ready endpoints of {@code port}, none if it has none. */
  public List<EndpointAddress> endpointsOf(ServicePortName port) {
    return endpoints.getOrDefault(port, List.of());
  }
}
