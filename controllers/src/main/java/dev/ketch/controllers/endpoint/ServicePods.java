package dev.ketch.controllers.endpoint;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.labels.Selector;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How Services select pods, shared by the Endpoints and EndpointSlice controllers, as upstream's
 * endpoint utilities: which Services a pod belongs to, whether a pod is published, its address
 * of a family, and a Service port's target port on a given pod (named ports resolved per pod).
 */
public final class ServicePods {

  public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

  private ServicePods() {}

  /** True if the Service has a selector (only those get endpoints from the controllers). */
  public static boolean hasSelector(Service svc) {
    Map<String, String> s = svc.getSpec() == null ? null : svc.getSpec().getSelector();
    return s != null && !s.isEmpty();
  }

  public static Selector selector(Service svc) {
    return Selector.ofMap(svc.getSpec().getSelector());
  }

  /** The Services with a selector in the pod's namespace that select it. */
  public static List<Service> servicesOf(Pod pod, ObjectCache<Service> services) {
    List<Service> out = new ArrayList<>();
    for (Service svc : services.list(pod.getMetadata().getNamespace())) {
      if (hasSelector(svc) && selector(svc).matches(pod.getMetadata().getLabels())) {
        out.add(svc);
      }
    }
    return out;
  }

  /** The pods in the Service's namespace its selector matches. */
  public static List<Pod> podsOf(Service svc, ObjectCache<Pod> pods) {
    Selector s = selector(svc);
    return pods.list(svc.getMetadata().getNamespace()).stream().filter(p -> s.matches(p.getMetadata().getLabels())).toList();
  }

  /**
   * Whether a pod is published at all: it has an IP, has not terminated, and (unless {@code
   * includeTerminating}) is not being deleted.
   */
  public static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
    if (Pods.isTerminal(pod)) {
      return false;
    }
    if (pod.getStatus() == null || (isEmpty(pod.getStatus().getPodIP()) && (pod.getStatus().getPodIPs() == null || pod.getStatus().getPodIPs().isEmpty()))) {
      return false;
    }
    return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
  }

  /** True for a Service without a cluster IP (headless). */
  public static boolean isHeadless(Service svc) {
    String ip = svc.getSpec().getClusterIP();
    return ip == null || ip.isEmpty() || "None".equals(ip);
  }

  /** True if the Service is IPv6 (its cluster IP, or its first IP family when headless). */
  public static boolean wantsIpv6(Service svc) {
    if (isHeadless(svc)) {
      List<String> families = svc.getSpec().getIpFamilies();
      return families != null && !families.isEmpty() && "IPv6".equals(families.getFirst());
    }
    return svc.getSpec().getClusterIP().contains(":");
  }

  /** The pod's IP of the given family, or null. */
  public static String podIp(Pod pod, boolean ipv6) {
    if (pod.getStatus() == null) {
      return null;
    }
    List<PodIP> ips = pod.getStatus().getPodIPs();
    if (ips != null && !ips.isEmpty()) {
      for (PodIP ip : ips) {
        if (ip.getIp() != null && ip.getIp().contains(":") == ipv6) {
          return ip.getIp();
        }
      }
      return null;
    }
    String ip = pod.getStatus().getPodIP();
    return ip != null && !ip.isEmpty() && ip.contains(":") == ipv6 ? ip : null;
  }

  /** True if the pod's hostname is published: it has one and its subdomain is the Service. */
  public static boolean shouldSetHostname(Pod pod, Service svc) {
    return pod.getSpec() != null && !isEmpty(pod.getSpec().getHostname())
        && Objects.equals(pod.getSpec().getSubdomain(), svc.getMetadata().getName())
        && Objects.equals(pod.getMetadata().getNamespace(), svc.getMetadata().getNamespace());
  }

  /**
   * The port a Service port targets on this pod: a number as it is, a name looked up in the pod's
   * container ports (same protocol). Empty if the pod has no port of that name.
   */
  public static OptionalInt findPort(Pod pod, ServicePort port) {
    IntOrString target = port.getTargetPort();
    if (target == null) {
      return OptionalInt.of(port.getPort());
    }
    if (target.getIntVal() != null) {
      return OptionalInt.of(target.getIntVal());
    }
    String name = target.getStrVal();
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() == null) {
        continue;
      }
      for (ContainerPort cp : c.getPorts()) {
        String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
        if (Objects.equals(cp.getName(), name) && cpProtocol.equals(protocol)) {
          return OptionalInt.of(cp.getContainerPort());
        }
      }
    }
    return OptionalInt.empty();
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
