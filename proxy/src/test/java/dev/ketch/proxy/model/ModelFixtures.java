package dev.ketch.proxy.model;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Proxy models and API objects for proxy tests. */
public final class ModelFixtures {

  private ModelFixtures() {}

  public static ServicePortName id(String name, String protocol) {
    return new ServicePortName("default", name, "", protocol);
  }

  public static ServicePortSpec clusterIp(String name, String vip, int port) {
    return new ServicePortSpec(id(name, "TCP"), List.of(vip), port, 0, List.of(), false, 0);
  }

  public static ProxyModel model(Map<ServicePortSpec, List<EndpointAddress>> services) {
    Map<ServicePortName, ServicePortSpec> specs = new java.util.HashMap<>();
    Map<ServicePortName, List<EndpointAddress>> endpoints = new java.util.HashMap<>();
    services.forEach((s, e) -> {
      specs.put(s.id(), s);
      endpoints.put(s.id(), e);
    });
    return ProxyModel.of(specs, endpoints);
  }

  public static EndpointAddress ep(String ip, int port) {
    return new EndpointAddress(ip, port, false);
  }

  public static Service service(String name, String type, String vip, String portName, int port, Integer nodePort) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
        .withNewSpec().withType(type).withClusterIP(vip).withClusterIPs(vip)
        .addNewPort().withName(portName).withPort(port).withProtocol("TCP").withNodePort(nodePort).endPort().endSpec().build();
  }

  /** A slice with port {@code portName}; endpoints as "ip" or "!ip" (not ready) or "ip@node". */
  public static EndpointSlice slice(String name, String service, String portName, int port, String... endpoints) {
    var b = new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(name)
        .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4")
        .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
    for (String e : endpoints) {
      String node = e.contains("@") ? e.substring(e.indexOf('@') + 1) : null;
      String ip = (e.contains("@") ? e.substring(0, e.indexOf('@')) : e).replace("!", "");
      b.addToEndpoints(new EndpointBuilder().withAddresses(ip).withNodeName(node)
          .withNewConditions().withReady(!e.startsWith("!")).endConditions().build());
    }
    return b.build();
  }
}
