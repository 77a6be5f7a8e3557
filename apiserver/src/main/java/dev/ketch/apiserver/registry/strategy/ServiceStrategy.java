package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.SessionAffinityConfigBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Services (pkg/registry/core/service): names are DNS-1035 labels; SetDefaults_Service (type
 * ClusterIP, sessionAffinity None, port protocol TCP, targetPort = port, traffic policies,
 * allocateLoadBalancerNodePorts); on update the allocated clusterIP(s), nodePorts and
 * healthCheckNodePort carry over when the client left them out, and fields a type change makes
 * meaningless are dropped; ValidateService and ValidateServiceUpdate. Addresses and ports are
 * allocated outside the strategy, by {@code registry.allocation.ServiceAllocations}, which also
 * fills ipFamilies and ipFamilyPolicy.
 */
public final class ServiceStrategy extends ObjectStrategy<Service> {

  static final int KUBELET_PORT = 10250;
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");

  public ServiceStrategy() {
    super(Service.class);
  }

  @Override
  public List<String> validateName(String name) {
    return Names.dns1035Label(name);
  }

  @Override
  protected void defaults(Service svc) {
    if (svc.getSpec() == null) {
      svc.setSpec(new ServiceSpec());
    }
    ServiceSpec spec = svc.getSpec();
    if (Lists.isEmpty(spec.getSessionAffinity())) {
      spec.setSessionAffinity("None");
    }
    if (spec.getSessionAffinity().equals("None")) {
      spec.setSessionAffinityConfig(null);
    }
    if (spec.getSessionAffinity().equals("ClientIP")) {
      var cfg = spec.getSessionAffinityConfig();
      if (cfg == null || cfg.getClientIP() == null || cfg.getClientIP().getTimeoutSeconds() == null) {
        spec.setSessionAffinityConfig(new SessionAffinityConfigBuilder().withNewClientIP().withTimeoutSeconds(10800).endClientIP().build());
      }
    }
    if (Lists.isEmpty(spec.getType())) {
      spec.setType("ClusterIP");
    }
    for (ServicePort p : Lists.of(spec.getPorts())) {
      if (Lists.isEmpty(p.getProtocol())) {
        p.setProtocol("TCP");
      }
      IntOrString target = p.getTargetPort();
      if (target == null || (target.getStrVal() == null && (target.getIntVal() == null || target.getIntVal() == 0))
          || "".equals(target.getStrVal())) {
        p.setTargetPort(new IntOrString(p.getPort() == null ? 0 : p.getPort()));
      }
    }
    if (externallyAccessible(spec) && Lists.isEmpty(spec.getExternalTrafficPolicy())) {
      spec.setExternalTrafficPolicy("Cluster");
    }
    if (spec.getInternalTrafficPolicy() == null && List.of("NodePort", "LoadBalancer", "ClusterIP").contains(spec.getType())) {
      spec.setInternalTrafficPolicy("Cluster");
    }
    if (spec.getType().equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
      spec.setAllocateLoadBalancerNodePorts(true);
    }
  }

  /** NodePort and LoadBalancer services, and ClusterIP services with external IPs. */
  static boolean externallyAccessible(ServiceSpec spec) {
    return spec.getType().equals("LoadBalancer") || spec.getType().equals("NodePort")
        || (spec.getType().equals("ClusterIP") && !Lists.of(spec.getExternalIPs()).isEmpty());
  }

  /** Whether the service has, or needs, a cluster IP (everything but ExternalName). */
  public static boolean needsClusterIp(Service svc) {
    return !"ExternalName".equals(svc.getSpec().getType());
  }

  /** Whether the service's ports get node ports allocated when not given. */
  public static boolean needsNodePorts(Service svc) {
    String type = Lists.orEmpty(svc.getSpec().getType());
    return type.equals("NodePort") || (type.equals("LoadBalancer") && !Boolean.FALSE.equals(svc.getSpec().getAllocateLoadBalancerNodePorts()));
  }

  /** Whether the service needs a health check node port: LoadBalancer with externalTrafficPolicy Local. */
  public static boolean needsHealthCheckNodePort(Service svc) {
    return "LoadBalancer".equals(svc.getSpec().getType()) && "Local".equals(svc.getSpec().getExternalTrafficPolicy());
  }

  /** A headless service: clusterIPs is exactly ["None"]. */
  public static boolean isHeadless(Service svc) {
    List<String> ips = Lists.of(svc.getSpec().getClusterIPs());
    return ips.size() == 1 && ips.get(0).equals("None");
  }

  @Override
  protected void resetOnCreate(Service svc) {
    svc.setStatus(new ServiceStatus());
    ServiceSpec spec = svc.getSpec();
    if (!Lists.isEmpty(spec.getClusterIP()) && Lists.of(spec.getClusterIPs()).isEmpty()) {
      spec.setClusterIPs(new ArrayList<>(List.of(spec.getClusterIP())));
    }
  }

  @Override
  protected void keepOnUpdate(Service svc, Service old) {
    Parts.keep(svc, old, "status");
    patchAllocatedValues(svc, old);
    dropTypeDependentFields(svc, old);
    normalizeClusterIps(svc, old);
  }

  private static void patchAllocatedValues(Service svc, Service old) {
    ServiceSpec spec = svc.getSpec();
    ServiceSpec before = old.getSpec();
    if (needsClusterIp(old) && needsClusterIp(svc)) {
      if (Lists.isEmpty(spec.getClusterIP())) {
        spec.setClusterIP(before.getClusterIP());
      }
      if (Lists.of(spec.getClusterIPs()).isEmpty() && !Lists.of(before.getClusterIPs()).isEmpty()) {
        spec.setClusterIPs(new ArrayList<>(before.getClusterIPs()));
      }
    }
    if (needsNodePorts(old) && needsNodePorts(svc)) {
      Set<Integer> used = nodePorts(svc);
      used.retainAll(nodePorts(old));
      Map<String, Integer> byName = new HashMap<>();
      for (ServicePort p : Lists.of(before.getPorts())) {
        byName.put(Lists.orEmpty(p.getName()), p.getNodePort());
      }
      for (ServicePort p : Lists.of(spec.getPorts())) {
        if (p.getNodePort() == null || p.getNodePort() == 0) {
          Integer previous = byName.get(Lists.orEmpty(p.getName()));
          if (previous != null && previous != 0 && !used.contains(previous)) {
            p.setNodePort(previous);
          }
        }
      }
    }
    if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(svc)
        && (spec.getHealthCheckNodePort() == null || spec.getHealthCheckNodePort() == 0)) {
      spec.setHealthCheckNodePort(before.getHealthCheckNodePort());
    }
  }

  private static void dropTypeDependentFields(Service svc, Service old) {
    ServiceSpec spec = svc.getSpec();
    ServiceSpec before = old.getSpec();
    if (needsClusterIp(old) && !needsClusterIp(svc)) {
      if (Objects.equals(Lists.of(before.getClusterIPs()), Lists.of(spec.getClusterIPs()))) {
        spec.setClusterIP(null);
        spec.setClusterIPs(null);
      }
      if (Objects.equals(Lists.of(before.getIpFamilies()), Lists.of(spec.getIpFamilies()))) {
        spec.setIpFamilies(null);
      }
      if (Objects.equals(before.getIpFamilyPolicy(), spec.getIpFamilyPolicy())) {
        spec.setIpFamilyPolicy(null);
      }
    }
    if (needsNodePorts(old) && !needsNodePorts(svc) && nodePorts(old).equals(nodePorts(svc))) {
      for (ServicePort p : Lists.of(spec.getPorts())) {
        p.setNodePort(null);
      }
    }
    if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(svc)
        && Objects.equals(before.getHealthCheckNodePort(), spec.getHealthCheckNodePort())) {
      spec.setHealthCheckNodePort(null);
    }
    if ("LoadBalancer".equals(before.getType()) && !"LoadBalancer".equals(spec.getType())) {
      if (Objects.equals(before.getAllocateLoadBalancerNodePorts(), spec.getAllocateLoadBalancerNodePorts())) {
        spec.setAllocateLoadBalancerNodePorts(null);
      }
      if (Objects.equals(before.getLoadBalancerClass(), spec.getLoadBalancerClass())) {
        spec.setLoadBalancerClass(null);
      }
    }
    boolean externalBefore = List.of("NodePort", "LoadBalancer").contains(before.getType());
    boolean externalNow = List.of("NodePort", "LoadBalancer").contains(spec.getType());
    if (externalBefore && !externalNow && Objects.equals(before.getExternalTrafficPolicy(), spec.getExternalTrafficPolicy())) {
      spec.setExternalTrafficPolicy(null);
    }
    if (!"LoadBalancer".equals(spec.getType()) && svc.getStatus() != null) {
      svc.getStatus().setLoadBalancer(new LoadBalancerStatus());
    }
  }

  private static void normalizeClusterIps(Service svc, Service old) {
    ServiceSpec spec = svc.getSpec();
    ServiceSpec before = old.getSpec();
    if (!Lists.of(before.getClusterIPs()).isEmpty() && Lists.of(spec.getClusterIPs()).isEmpty()
        && Objects.equals(before.getClusterIP(), spec.getClusterIP())) {
      spec.setClusterIPs(new ArrayList<>(before.getClusterIPs()));
    }
    if (!Objects.equals(Lists.orEmpty(before.getClusterIP()), Lists.orEmpty(spec.getClusterIP()))) {
      boolean sameIps = Objects.equals(Lists.of(before.getClusterIPs()), Lists.of(spec.getClusterIPs()));
      if (!Lists.isEmpty(before.getClusterIP()) && Lists.isEmpty(spec.getClusterIP())) {
        if (sameIps) {
          spec.setClusterIPs(null);
        }
      } else if (sameIps) {
        spec.setClusterIPs(new ArrayList<>(List.of(spec.getClusterIP())));
      }
    }
  }

  static Set<Integer> nodePorts(Service svc) {
    Set<Integer> ports = new HashSet<>();
    for (ServicePort p : Lists.of(svc.getSpec().getPorts())) {
      if (p.getNodePort() != null && p.getNodePort() != 0) {
        ports.add(p.getNodePort());
      }
    }
    return ports;
  }

  @Override
  protected void check(Service svc, FieldErrors errs) {
    ServiceValidation.check(svc, errs);
  }

  @Override
  protected void checkUpdate(Service svc, Service old, FieldErrors errs) {
    ServiceValidation.checkUpdate(svc, old, errs);
  }

  @Override
  protected void checkStatusUpdate(Service svc, Service old, FieldErrors errs) {
    var lb = svc.getStatus() == null ? null : svc.getStatus().getLoadBalancer();
    if (lb == null) {
      return;
    }
    var ingress = Lists.of(lb.getIngress());
    for (int i = 0; i < ingress.size(); i++) {
      FieldPath at = FieldPath.root("status").child("loadBalancer", "ingress").index(i);
      String ip = ingress.get(i).getIp();
      if (!Lists.isEmpty(ip) && IpAddresses.parse(ip) == null) {
        errs.invalid(at.child("ip"), ip, "must be a valid IP address");
      }
      String host = ingress.get(i).getHostname();
      if (!Lists.isEmpty(host)) {
        errs.invalidEach(at.child("hostname"), host, Names.dns1123Subdomain(host));
        if (IpAddresses.parse(host) != null) {
          errs.invalid(at.child("hostname"), host, "must be a DNS name, not an IP address");
        }
      }
    }
  }

  static List<String> types() {
    return TYPES;
  }
}
