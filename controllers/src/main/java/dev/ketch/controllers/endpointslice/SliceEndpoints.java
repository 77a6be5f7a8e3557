package dev.ketch.controllers.endpointslice;

import dev.ketch.controllers.endpoint.ServicePods;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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
    ObjectReference ref = new ObjectReference(null, null, "Pod", pod.getMetadata().getName(), pod.getMetadata().getNamespace(), null,
        pod.getMetadata().getUid());
    String nodeName = Pods.nodeName(pod);
    String zone = node == null || node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(ZONE_LABEL);
    return new Endpoint(List.of(ip), new EndpointConditions(ready, serving, terminating), null, null,
        ServicePods.shouldSetHostname(pod, svc) ? pod.getSpec().getHostname() : null, nodeName, ref,
        zone == null || zone.isEmpty() ? null : zone);
  }

  /**
   * True if two endpoints publish the same thing: addresses, conditions, hostname, node, zone and
   * pod (as upstream's EndpointsEqualBeyondHash; unset and empty fields alike).
   */
  static boolean same(Endpoint a, Endpoint b) {
    if (!Objects.equals(nzList(a.getAddresses()), nzList(b.getAddresses())) || !Objects.equals(nz(a.getHostname()), nz(b.getHostname()))
        || !Objects.equals(nz(a.getNodeName()), nz(b.getNodeName())) || !Objects.equals(nz(a.getZone()), nz(b.getZone()))) {
      return false;
    }
    var ca = a.getConditions();
    var cb = b.getConditions();
    if (ca == null || cb == null ? ca != cb : !Objects.equals(ca.getReady(), cb.getReady()) || !Objects.equals(ca.getServing(), cb.getServing())
        || !Objects.equals(ca.getTerminating(), cb.getTerminating())) {
      return false;
    }
    var ra = a.getTargetRef();
    var rb = b.getTargetRef();
    if (ra == null || rb == null) {
      return ra == rb;
    }
    return Objects.equals(ra.getKind(), rb.getKind()) && Objects.equals(ra.getNamespace(), rb.getNamespace())
        && Objects.equals(ra.getName(), rb.getName()) && Objects.equals(ra.getUid(), rb.getUid());
  }

  private static List<String> nzList(List<String> l) {
    return l == null ? List.of() : l;
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
