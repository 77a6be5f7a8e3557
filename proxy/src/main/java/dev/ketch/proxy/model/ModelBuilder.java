package dev.ketch.proxy.model;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the {@link ProxyModel} from the API's Services and EndpointSlices, as kube-proxy's
 * service and endpoints change trackers do: headless and ExternalName Services are not proxied;
 * an endpoint belongs to a Service port when its slice has a port of the same name and protocol
 * (so an endpoint whose pod lacks a named target port is left out); only ready endpoints count,
 * falling back to serving-and-terminating ones when none is ready.
 */
public final class ModelBuilder {

  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final int DEFAULT_AFFINITY_SECONDS = 10_800;

  private final String nodeName;

  /** @param nodeName this node's name, for telling local endpoints */
  public ModelBuilder(String nodeName) {
    this.nodeName = nodeName;
  }

  public ProxyModel build(Collection<Service> services, Collection<EndpointSlice> slices) {
    Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
    for (EndpointSlice slice : slices) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (service != null) {
        slicesByService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>()).add(slice);
      }
    }
    Map<ServicePortName, ServicePortSpec> specs = new HashMap<>();
    Map<ServicePortName, List<EndpointAddress>> endpoints = new HashMap<>();
    for (Service s : services) {
      List<ServicePortSpec> ports = specsOf(s);
      List<EndpointSlice> own = slicesByService.getOrDefault(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), List.of());
      for (ServicePortSpec spec : ports) {
        specs.put(spec.id(), spec);
        endpoints.put(spec.id(), endpointsOf(spec.id(), own));
      }
    }
    return ProxyModel.of(specs, endpoints);
  }

  /** The proxied ports of a Service; none for headless and ExternalName ones. */
  static List<ServicePortSpec> specsOf(Service s) {
    var spec = s.getSpec();
    if (spec == null || "ExternalName".equals(spec.getType()) || spec.getPorts() == null) {
      return List.of();
    }
    List<String> ips = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty() ? spec.getClusterIPs()
        : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
    ips = ips.stream().filter(ip -> ip != null && !ip.isEmpty() && !ip.equals("None")).toList();
    if (ips.isEmpty()) {
      return List.of();
    }
    Set<String> external = new LinkedHashSet<>();
    if (spec.getExternalIPs() != null) {
      external.addAll(spec.getExternalIPs());
    }
    if ("LoadBalancer".equals(spec.getType()) && s.getStatus() != null && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress ingress : s.getStatus().getLoadBalancer().getIngress()) {
        if (ingress.getIp() != null) {
          external.add(ingress.getIp());
        }
      }
    }
    boolean nodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
    boolean local = "Local".equals(spec.getExternalTrafficPolicy());
    int affinity = 0;
    if ("ClientIP".equals(spec.getSessionAffinity())) {
      var cfg = spec.getSessionAffinityConfig();
      affinity = cfg != null && cfg.getClientIP() != null && cfg.getClientIP().getTimeoutSeconds() != null
          ? cfg.getClientIP().getTimeoutSeconds() : DEFAULT_AFFINITY_SECONDS;
    }
    List<ServicePortSpec> out = new ArrayList<>();
    for (ServicePort p : spec.getPorts()) {
      if (p.getPort() == null) {
        continue;
      }
      ServicePortName id = new ServicePortName(s.getMetadata().getNamespace(), s.getMetadata().getName(),
          p.getName() == null ? "" : p.getName(), p.getProtocol() == null ? "TCP" : p.getProtocol());
      int nodePort = nodePorts && p.getNodePort() != null ? p.getNodePort() : 0;
      out.add(new ServicePortSpec(id, ips, p.getPort(), nodePort, List.copyOf(external), local, affinity));
    }
    return out;
  }

  private List<EndpointAddress> endpointsOf(ServicePortName id, List<EndpointSlice> slices) {
    Set<EndpointAddress> ready = new LinkedHashSet<>();
    Set<EndpointAddress> terminating = new LinkedHashSet<>();
    for (EndpointSlice slice : slices) {
      Integer port = portOf(id, slice);
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
          continue;
        }
        var c = e.getConditions();
        boolean isReady = c == null || c.getReady() == null || c.getReady();
        boolean serving = c != null && Boolean.TRUE.equals(c.getServing());
        boolean isTerminating = c != null && Boolean.TRUE.equals(c.getTerminating());
        // One address per endpoint, as kube-proxy: dual-stack slices come one per family.
        EndpointAddress a = new EndpointAddress(e.getAddresses().getFirst(), port, Objects.equals(nodeName, e.getNodeName()));
        if (isReady) {
          ready.add(a);
        } else if (serving && isTerminating) {
          terminating.add(a);
        }
      }
    }
    return List.copyOf(ready.isEmpty() ? terminating : ready);
  }

  private static Integer portOf(ServicePortName id, EndpointSlice slice) {
    if (slice.getPorts() == null) {
      return null;
    }
    for (EndpointPort p : slice.getPorts()) {
      String name = p.getName() == null ? "" : p.getName();
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (name.equals(id.port()) && protocol.equals(id.protocol()) && p.getPort() != null) {
        return p.getPort();
      }
    }
    return null;
  }
}
