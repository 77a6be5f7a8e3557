package dev.ketch.controllers.endpointslice;

import dev.ketch.controllers.endpoint.ServicePods;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/** Pods as EndpointSlice endpoints and ports, as upstream's podToEndpoint and getEndpointPorts. */
final class SliceEndpoints {

  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private static final Comparator<EndpointPort> PORT_ORDER = Comparator
      .comparing((EndpointPort p) -> nz(p.getName()))
      .thenComparing(p -> p.getPort() == null ? 0 : p.getPort())
      .thenComparing(p -> nz(p.getProtocol()))
      .thenComparing(p -> nz(p.getAppProtocol()));

  private SliceEndpoints() {}

  /** The Service's ports as this pod serves them (ports whose named target the pod lacks are left out). */
  static List<EndpointPort> ports(Service svc, Pod pod) {
    List<EndpointPort> out = new ArrayList<>();
    if (svc.getSpec().getPorts() == null) {
      return out;
    }
    for (ServicePort sp : svc.getSpec().getPorts()) {
      OptionalInt port = ServicePods.findPort(pod, sp);
      if (port.isEmpty()) {
        continue;
      }
      out.add(new EndpointPort(sp.getAppProtocol(), sp.getName() == null ? "" : sp.getName(), port.getAsInt(),
          sp.getProtocol() == null ? "TCP" : sp.getProtocol()));
    }
    return out;
  }

  /** A canonical key of a port list, equal for the same ports in any order. */
  static String portsKey(List<EndpointPort> ports) {
    if (ports == null || ports.isEmpty()) {
      return "";
    }
    List<EndpointPort> sorted = new ArrayList<>(ports);
    sorted.sort(PORT_ORDER);
    StringBuilder b = new StringBuilder();
    for (EndpointPort p : sorted) {
      b.append(nz(p.getName())).append('/').append(p.getPort()).append('/').append(nz(p.getProtocol())).append('/')
          .append(nz(p.getAppProtocol())).append(';');
    }
    return b.toString();
  }

  /** The pod as an endpoint of {@code addressType}; null if it has no address of that family. */
  static Endpoint endpoint(Pod pod, Node node, Service svc, String addressType) {
    String ip = ServicePods.podIp(pod, "IPv6".equals(addressType));
    if (ip == null) {
      return null;
    }
    boolean serving = Pods.isReady(pod);
    boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
    boolean ready = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses()) || (serving && !terminating);
    EndpointBuilder b = new EndpointBuilder().withAddresses(ip)
        .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
        .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).endTargetRef();
    if (!Pods.nodeName(pod).isEmpty()) {
      b.withNodeName(Pods.nodeName(pod));
    }
    if (node != null && node.getMetadata().getLabels() != null && node.getMetadata().getLabels().get(ZONE_LABEL) != null
        && !node.getMetadata().getLabels().get(ZONE_LABEL).isEmpty()) {
      b.withZone(node.getMetadata().getLabels().get(ZONE_LABEL));
    }
    if (ServicePods.shouldSetHostname(pod, svc)) {
      b.withHostname(pod.getSpec().getHostname());
    }
    return b.build();
  }

  /** What identifies an endpoint across passes: its addresses, hostname and pod. */
  static String identity(Endpoint e) {
    String ref = e.getTargetRef() == null ? "" : nz(e.getTargetRef().getNamespace()) + "/" + nz(e.getTargetRef().getName());
    return String.join(",", e.getAddresses() == null ? List.of() : e.getAddresses()) + "|" + nz(e.getHostname()) + "|" + ref;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
