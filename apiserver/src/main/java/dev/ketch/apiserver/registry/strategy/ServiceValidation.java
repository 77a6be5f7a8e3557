package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.MetadataValidation;
import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** ValidateService and ValidateServiceUpdate, with Kubernetes' field paths and messages. */
final class ServiceValidation {

  private static final FieldPath SPEC = FieldPath.root("spec");

  private ServiceValidation() {}

  static void check(Service svc, FieldErrors errs) {
    ServiceSpec spec = svc.getSpec();
    String type = Lists.orEmpty(spec.getType());
    boolean headless = ServiceStrategy.isHeadless(svc);
    List<ServicePort> ports = Lists.of(spec.getPorts());
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
      errs.required(SPEC.child("ports"));
    }
    switch (type) {
      case "LoadBalancer" -> {
        for (int i = 0; i < ports.size(); i++) {
          if (Objects.equals(ports.get(i).getPort(), ServiceStrategy.KUBELET_PORT)) {
            errs.invalid(SPEC.child("ports").index(i), ports.get(i).getPort(),
                "may not expose port " + ServiceStrategy.KUBELET_PORT + " externally since it is used by kubelet");
          }
        }
        if (headless) {
          errs.invalid(SPEC.child("clusterIPs").index(0), "None", "may not be set to 'None' for LoadBalancer services");
        }
      }
      case "NodePort" -> {
        if (headless) {
          errs.invalid(SPEC.child("clusterIPs").index(0), "None", "may not be set to 'None' for NodePort services");
        }
      }
      case "ExternalName" -> {
        if (!Lists.of(spec.getClusterIPs()).isEmpty()) {
          errs.forbidden(SPEC.child("clusterIPs"), "may not be set for ExternalName services");
        }
        if (!Lists.of(spec.getIpFamilies()).isEmpty()) {
          errs.forbidden(SPEC.child("ipFamilies"), "may not be set for ExternalName services");
        }
        if (spec.getIpFamilyPolicy() != null) {
          errs.forbidden(SPEC.child("ipFamilyPolicy"), "may not be set for ExternalName services");
        }
        String cname = Lists.orEmpty(spec.getExternalName());
        if (cname.endsWith(".")) {
          cname = cname.substring(0, cname.length() - 1);
        }
        if (cname.isEmpty()) {
          errs.required(SPEC.child("externalName"));
        } else {
          errs.invalidEach(SPEC.child("externalName"), cname, Names.dns1123Subdomain(cname));
        }
      }
      default -> { }
    }
    Set<String> portNames = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      port(ports.get(i), ports.size() > 1, portNames, SPEC.child("ports").index(i), errs);
    }
    if (spec.getSelector() != null) {
      errs.addAll(MetadataValidation.labels(spec.getSelector(), SPEC.child("selector").path()));
    }
    String affinity = Lists.orEmpty(spec.getSessionAffinity());
    if (affinity.isEmpty()) {
      errs.required(SPEC.child("sessionAffinity"));
    } else if (!affinity.equals("ClientIP") && !affinity.equals("None")) {
      errs.notSupported(SPEC.child("sessionAffinity"), affinity, List.of("ClientIP", "None"));
    }
    if (affinity.equals("ClientIP")) {
      var cfg = spec.getSessionAffinityConfig();
      FieldPath cfgPath = SPEC.child("sessionAffinityConfig");
      if (cfg == null) {
        errs.required(cfgPath, "when session affinity type is ClientIP");
      } else if (cfg.getClientIP() == null) {
        errs.required(cfgPath.child("clientIP"), "when session affinity type is ClientIP");
      } else if (cfg.getClientIP().getTimeoutSeconds() == null) {
        errs.required(cfgPath.child("clientIP", "timeoutSeconds"), "when session affinity type is ClientIP");
      } else {
        int t = cfg.getClientIP().getTimeoutSeconds();
        if (t <= 0 || t > 86400) {
          errs.invalid(cfgPath.child("clientIP", "timeoutSeconds"), (long) t, "must be greater than 0 and less than 86400");
        }
      }
    } else if (affinity.equals("None") && spec.getSessionAffinityConfig() != null) {
      errs.forbidden(SPEC.child("sessionAffinityConfig"), "must not be set when session affinity is None");
    }
    clusterIps(svc, errs);
    List<String> external = Lists.of(spec.getExternalIPs());
    for (int i = 0; i < external.size(); i++) {
      errs.invalidEach(SPEC.child("externalIPs").index(i), external.get(i), Formats.ip(external.get(i)));
    }
    if (type.isEmpty()) {
      errs.required(SPEC.child("type"));
    } else if (!ServiceStrategy.types().contains(type)) {
      errs.notSupported(SPEC.child("type"), type, ServiceStrategy.types());
    }
    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (ports.get(i).getNodePort() != null && ports.get(i).getNodePort() != 0) {
          errs.forbidden(SPEC.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'");
        }
      }
    }
    Set<String> nodePorts = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      if (p.getNodePort() != null && p.getNodePort() != 0 && !nodePorts.add(p.getProtocol() + "/" + p.getNodePort())) {
        errs.duplicate(SPEC.child("ports").index(i).child("nodePort"), (long) p.getNodePort());
      }
      if (!portKeys.add(p.getProtocol() + "/" + p.getPort())) {
        errs.duplicate(SPEC.child("ports").index(i), new GoFormat.Rendered("core.ServicePort{Name:\"\", Protocol:"
            + GoFormat.quote(Lists.orEmpty(p.getProtocol())) + ", AppProtocol:(*string)(nil), Port:" + p.getPort()
            + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"));
      }
    }
    if (!Lists.of(spec.getLoadBalancerSourceRanges()).isEmpty() && !type.equals("LoadBalancer")) {
      errs.forbidden(SPEC.child("LoadBalancerSourceRanges"), "may only be used when `type` is 'LoadBalancer'");
    }
    if (spec.getAllocateLoadBalancerNodePorts() != null && !type.equals("LoadBalancer")) {
      errs.forbidden(SPEC.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'");
    }
    if (type.equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
      errs.required(FieldPath.root("allocateLoadBalancerNodePorts"));
    }
    if (spec.getLoadBalancerClass() != null) {
      if (type.equals("LoadBalancer")) {
        errs.invalidEach(SPEC.child("loadBalancerClass"), spec.getLoadBalancerClass(), Names.qualifiedName(spec.getLoadBalancerClass()));
      } else {
        errs.forbidden(SPEC.child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'");
      }
    }
    trafficPolicies(svc, errs);
  }

  private static void port(ServicePort p, boolean requireName, Set<String> names, FieldPath at, FieldErrors errs) {
    String name = Lists.orEmpty(p.getName());
    if (requireName && name.isEmpty()) {
      errs.required(at.child("name"));
    } else if (!name.isEmpty()) {
      errs.invalidEach(at.child("name"), name, Names.dns1123Label(name));
      if (!names.add(name)) {
        errs.duplicate(at.child("name"), name);
      }
    }
    int port = p.getPort() == null ? 0 : p.getPort();
    errs.invalidEach(at.child("port"), (long) port, Formats.portNumber(port));
    String protocol = Lists.orEmpty(p.getProtocol());
    if (protocol.isEmpty()) {
      errs.required(at.child("protocol"));
    } else if (!ContainerValidation.PROTOCOLS.contains(protocol)) {
      errs.notSupported(at.child("protocol"), protocol, ContainerValidation.PROTOCOLS);
    }
    ContainerValidation.portNumOrName(p.getTargetPort(), at.child("targetPort"), errs);
    if (p.getAppProtocol() != null) {
      errs.invalidEach(at.child("appProtocol"), p.getAppProtocol(), Names.qualifiedName(p.getAppProtocol()));
    }
  }

  private static void trafficPolicies(Service svc, FieldErrors errs) {
    ServiceSpec spec = svc.getSpec();
    String type = Lists.orEmpty(spec.getType());
    boolean external = type.equals("NodePort") || type.equals("LoadBalancer");
    String etp = Lists.orEmpty(spec.getExternalTrafficPolicy());
    if (!external) {
      if (!etp.isEmpty()) {
        errs.invalid(SPEC.child("externalTrafficPolicy"), etp, "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
      }
    } else if (etp.isEmpty()) {
      errs.required(SPEC.child("externalTrafficPolicy"));
    } else if (!etp.equals("Cluster") && !etp.equals("Local")) {
      errs.notSupported(SPEC.child("externalTrafficPolicy"), etp, List.of("Cluster", "Local"));
    }
    Integer hc = spec.getHealthCheckNodePort();
    if (!ServiceStrategy.needsHealthCheckNodePort(svc) && hc != null && hc != 0) {
      errs.invalid(SPEC.child("healthCheckNodePort"), (long) hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
    } else if (hc != null && hc != 0) {
      errs.invalidEach(SPEC.child("healthCheckNodePort"), (long) hc, Formats.portNumber(hc));
    }
    String itp = spec.getInternalTrafficPolicy();
    if (itp == null) {
      if (List.of("NodePort", "LoadBalancer", "ClusterIP").contains(type)) {
        errs.required(SPEC.child("internalTrafficPolicy"));
      }
    } else if (!itp.equals("Cluster") && !itp.equals("Local")) {
      errs.notSupported(SPEC.child("internalTrafficPolicy"), itp, List.of("Cluster", "Local"));
    }
  }

  /** ValidateServiceClusterIPsRelatedFields. */
  private static void clusterIps(Service svc, FieldErrors errs) {
    ServiceSpec spec = svc.getSpec();
    if ("ExternalName".equals(spec.getType())) {
      return;
    }
    FieldPath ipsPath = SPEC.child("clusterIPs");
    List<String> ips = Lists.of(spec.getClusterIPs());
    if (!Lists.isEmpty(spec.getClusterIP())) {
      if (ips.isEmpty()) {
        errs.required(ipsPath);
      } else if (!ips.get(0).equals(spec.getClusterIP())) {
        errs.invalid(ipsPath, GoFormat.stringList(ips), "first value must match `clusterIP`");
      }
    } else if (!ips.isEmpty()) {
      errs.invalid(ipsPath, GoFormat.stringList(ips), "must be empty when `clusterIP` is not specified");
    }
    List<String> families = Lists.of(spec.getIpFamilies());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < families.size(); i++) {
      String f = families.get(i);
      if (!f.equals("IPv4") && !f.equals("IPv6")) {
        errs.notSupported(SPEC.child("ipFamilies").index(i), f, List.of("IPv4", "IPv6"));
      }
      if (!seen.add(f)) {
        errs.duplicate(SPEC.child("ipFamilies").index(i), f);
      }
    }
    String policy = spec.getIpFamilyPolicy();
    if (policy != null && !List.of("PreferDualStack", "RequireDualStack", "SingleStack").contains(policy)) {
      errs.notSupported(SPEC.child("ipFamilyPolicy"), policy, List.of("PreferDualStack", "RequireDualStack", "SingleStack"));
    }
    boolean invalidIps = false;
    for (int i = 0; i < ips.size(); i++) {
      String ip = ips.get(i);
      if (i == 0 && ip.equals("None")) {
        if (ips.size() > 1) {
          invalidIps = true;
          errs.invalid(ipsPath, GoFormat.stringList(ips), "'None' must be the first and only value");
        }
        continue;
      }
      List<String> msgs = Formats.ip(ip);
      invalidIps |= !msgs.isEmpty();
      errs.invalidEach(ipsPath.index(i), ip, msgs);
    }
    if (ips.size() > 2) {
      errs.invalid(ipsPath, GoFormat.stringList(ips), "may only hold up to 2 values");
    }
    if (invalidIps) {
      return;
    }
    if (ips.size() > 1 && IpAddresses.isIpv6(ips.get(0)) == IpAddresses.isIpv6(ips.get(1))) {
      errs.invalid(ipsPath, GoFormat.stringList(ips), "may specify no more than one IP for each IP family");
    }
    if (!ServiceStrategy.isHeadless(svc)) {
      for (int i = 0; i < ips.size() && i < families.size(); i++) {
        boolean v6 = IpAddresses.isIpv6(ips.get(i));
        if (families.get(i).equals("IPv4") && v6) {
          errs.invalid(ipsPath.index(i), ips.get(i), "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`");
        }
        if (families.get(i).equals("IPv6") && !v6) {
          errs.invalid(ipsPath.index(i), ips.get(i), "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`");
        }
      }
    }
  }

  /** ValidateServiceUpdate's rules beyond ValidateService. */
  static void checkUpdate(Service svc, Service old, FieldErrors errs) {
    ServiceSpec spec = svc.getSpec();
    ServiceSpec before = old.getSpec();
    boolean externalName = "ExternalName".equals(spec.getType()) || "ExternalName".equals(before.getType());
    if (!externalName && !(ServiceStrategy.isHeadless(svc) && ServiceStrategy.isHeadless(old))) {
      List<String> now = Lists.of(spec.getClusterIPs());
      List<String> was = Lists.of(before.getClusterIPs());
      FieldPath ips = SPEC.child("clusterIPs");
      if (now.size() == was.size()) {
        for (int i = 0; i < was.size(); i++) {
          if (!was.get(i).equals(now.get(i))) {
            errs.invalid(ips.index(i), GoFormat.stringList(now), "may not change once set");
          }
        }
      } else if (was.size() > now.size()) {
        if (now.isEmpty()) {
          errs.invalid(ips.index(0), GoFormat.stringList(spec.getClusterIPs()), "primary clusterIP can not be unset");
        } else if (!now.get(0).equals(was.get(0))) {
          errs.invalid(ips.index(0), GoFormat.stringList(now), "may not change once set");
        }
        if (now.size() == 1 && !"SingleStack".equals(spec.getIpFamilyPolicy())) {
          errs.invalid(SPEC.child("ipFamilyPolicy"), spec.getIpFamilyPolicy(),
              "must be set to 'SingleStack' when releasing the secondary clusterIP");
        }
      } else if (!was.isEmpty() && !now.get(0).equals(was.get(0))) {
        errs.invalid(ips.index(0), GoFormat.stringList(now), "may not change once set");
      }
    }
    if (!externalName && ServiceStrategy.isHeadless(svc) == ServiceStrategy.isHeadless(old) && !ServiceStrategy.isHeadless(svc)) {
      List<String> now = Lists.of(spec.getIpFamilies());
      List<String> was = Lists.of(before.getIpFamilies());
      if (now.size() == was.size() && !now.equals(was)) {
        errs.invalid(SPEC.child("ipFamilies").index(0), GoFormat.stringList(now), "may not change once set");
      } else if (was.size() > now.size() && !now.isEmpty() && !now.get(0).equals(was.get(0))) {
        errs.invalid(SPEC.child("ipFamilies").index(0), GoFormat.stringList(spec.getClusterIPs()), "may not change once set");
      }
    }
    if ("LoadBalancer".equals(spec.getType()) && "LoadBalancer".equals(before.getType())
        && !Objects.equals(spec.getLoadBalancerClass(), before.getLoadBalancerClass())) {
      errs.invalid(SPEC.child("loadBalancerClass"), spec.getLoadBalancerClass(), "may not change once set");
    }
    if (ServiceStrategy.needsHealthCheckNodePort(svc) && ServiceStrategy.needsHealthCheckNodePort(old)
        && !Objects.equals(spec.getHealthCheckNodePort(), before.getHealthCheckNodePort())) {
      errs.forbidden(SPEC.child("healthCheckNodePort"), "field is immutable");
    }
  }
}
