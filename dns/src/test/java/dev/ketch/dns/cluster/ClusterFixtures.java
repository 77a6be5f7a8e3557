package dev.ketch.dns.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Arrays;

/** Services, EndpointSlices and Pods as the API holds them, for DNS tests. */
public final class ClusterFixtures {

  private ClusterFixtures() {}

  /** A ClusterIP Service; {@code ip} null to have the API server allocate one. */
  public static Service clusterIp(String ns, String name, String ip, String portName, int port) {
    var spec = new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP");
    if (ip != null) {
      spec.withClusterIP(ip).withClusterIPs(ip);
    }
    return spec.addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort().endSpec().build();
  }

  public static Service headless(String ns, String name, String portName, int port) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
        .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort().endSpec().build();
  }

  public static Service externalName(String ns, String name, String target) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
  }

  /** A slice of {@code service} with one endpoint per "hostname=ip" or "ip", "!" before the ip meaning not ready. */
  public static EndpointSlice slice(String ns, String name, String service, String portName, int port, String... endpoints) {
    var b = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4")
        .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
    Arrays.stream(endpoints).forEach(e -> {
      String hostname = e.contains("=") ? e.substring(0, e.indexOf('=')) : null;
      String ip = e.contains("=") ? e.substring(e.indexOf('=') + 1) : e;
      boolean ready = !ip.startsWith("!");
      b.addToEndpoints(new EndpointBuilder().withAddresses(ip.replace("!", "")).withHostname(hostname)
          .withNewConditions().withReady(ready).endConditions().build());
    });
    return b.build();
  }

  public static Pod pod(String ns, String name, String ip) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewStatus().withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build();
  }
}
