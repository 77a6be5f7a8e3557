package dev.ketch.apiserver.registry.strategy;

import dev.ketch.apiserver.validation.Names;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;

/** Ingresses, NetworkPolicies, EndpointSlices and Endpoints. */
public final class NetworkingStrategies {

  private NetworkingStrategies() {}

  /**
   * Ingresses: generation tracked; hosts are DNS subdomains (a leading {@code *.} allowed); each
   * path needs a pathType and a backend naming a service port or a resource.
   */
  public static final class IngressStrategy extends ObjectStrategy<Ingress> {

    public IngressStrategy() {
      super(Ingress.class);
    }

    @Override
    public boolean tracksGeneration() {
      return true;
    }

    @Override
    protected void check(Ingress ing, FieldErrors errs) {
      var spec = ing.getSpec();
      if (spec == null) {
        errs.invalid(FieldPath.root("spec"), new GoFormat.Rendered("networking.IngressSpec{…}"),
            "either `defaultBackend` or `rules` must be specified");
        return;
      }
      var rules = Lists.of(spec.getRules());
      if (spec.getDefaultBackend() == null && rules.isEmpty()) {
        errs.invalid(FieldPath.root("spec"), new GoFormat.Rendered("networking.IngressSpec{…}"),
            "either `defaultBackend` or `rules` must be specified");
      }
      for (int i = 0; i < rules.size(); i++) {
        FieldPath at = FieldPath.root("spec").child("rules").index(i);
        var rule = rules.get(i);
        String host = Lists.orEmpty(rule.getHost());
        if (!host.isEmpty()) {
          String checked = host.startsWith("*.") ? host.substring(2) : host;
          errs.invalidEach(at.child("host"), host, Names.dns1123Subdomain(checked));
          if (IpAddresses.parse(host) != null) {
            errs.invalid(at.child("host"), host, "must be a DNS name, not an IP address");
          }
        }
        if (rule.getHttp() == null) {
          continue;
        }
        var paths = Lists.of(rule.getHttp().getPaths());
        if (paths.isEmpty()) {
          errs.required(at.child("http", "paths"));
        }
        for (int p = 0; p < paths.size(); p++) {
          FieldPath pp = at.child("http", "paths").index(p);
          var path = paths.get(p);
          String type = path.getPathType();
          if (type == null) {
            errs.required(pp.child("pathType"), "pathType must be specified");
          } else if (!List.of("Exact", "ImplementationSpecific", "Prefix").contains(type)) {
            errs.notSupported(pp.child("pathType"), type, List.of("Exact", "ImplementationSpecific", "Prefix"));
          }
          if (!"ImplementationSpecific".equals(type) && !Lists.orEmpty(path.getPath()).startsWith("/")) {
            errs.invalid(pp.child("path"), Lists.orEmpty(path.getPath()), "must be an absolute path");
          }
          var backend = path.getBackend();
          if (backend == null || (backend.getService() == null && backend.getResource() == null)) {
            errs.invalid(pp.child("backend"), new GoFormat.Rendered("networking.IngressBackend{…}"),
                "resource or service backend is required");
          } else if (backend.getService() != null) {
            var svc = backend.getService();
            errs.invalidEach(pp.child("backend", "service", "name"), Lists.orEmpty(svc.getName()), Names.dns1035Label(Lists.orEmpty(svc.getName())));
            if (svc.getPort() == null || (svc.getPort().getName() == null && svc.getPort().getNumber() == null)) {
              errs.required(pp.child("backend", "service", "port"), "port name or number is required");
            } else if (svc.getPort().getName() != null && svc.getPort().getNumber() != null) {
              errs.invalid(pp.child("backend", "service", "port"), new GoFormat.Rendered("networking.ServiceBackendPort{…}"),
                  "cannot set both port name & port number");
            }
          }
        }
      }
    }
  }

  /**
   * NetworkPolicies: policyTypes default to Ingress (plus Egress when egress rules exist), port
   * protocols to TCP; generation tracked.
   */
  public static final class NetworkPolicyStrategy extends ObjectStrategy<NetworkPolicy> {

    public NetworkPolicyStrategy() {
      super(NetworkPolicy.class);
    }

    @Override
    public boolean tracksGeneration() {
      return true;
    }

    @Override
    protected void defaults(NetworkPolicy np) {
      if (np.getSpec() == null) {
        np.setSpec(new NetworkPolicySpec());
      }
      NetworkPolicySpec spec = np.getSpec();
      if (Lists.of(spec.getPolicyTypes()).isEmpty()) {
        List<String> types = new ArrayList<>(List.of("Ingress"));
        if (!Lists.of(spec.getEgress()).isEmpty()) {
          types.add("Egress");
        }
        spec.setPolicyTypes(types);
      }
      for (var rule : Lists.of(spec.getIngress())) {
        for (var port : Lists.of(rule.getPorts())) {
          if (port.getProtocol() == null) {
            port.setProtocol("TCP");
          }
        }
      }
      for (var rule : Lists.of(spec.getEgress())) {
        for (var port : Lists.of(rule.getPorts())) {
          if (port.getProtocol() == null) {
            port.setProtocol("TCP");
          }
        }
      }
    }

    @Override
    protected void check(NetworkPolicy np, FieldErrors errs) {
      FieldPath spec = FieldPath.root("spec");
      LabelSelectors.validate(np.getSpec().getPodSelector(), spec.child("podSelector"), errs);
      var types = Lists.of(np.getSpec().getPolicyTypes());
      for (int i = 0; i < types.size(); i++) {
        if (!types.get(i).equals("Ingress") && !types.get(i).equals("Egress")) {
          errs.notSupported(spec.child("policyTypes").index(i), types.get(i), List.of("Egress", "Ingress"));
        }
      }
      if (types.size() > 2) {
        errs.invalid(spec.child("policyTypes"), GoFormat.stringList(types), "may not specify more than two policyTypes");
      }
    }
  }

  /** EndpointSlices: addressType required and immutable, port protocols TCP; generation tracked. */
  public static final class EndpointSliceStrategy extends ObjectStrategy<EndpointSlice> {

    public EndpointSliceStrategy() {
      super(EndpointSlice.class);
    }

    @Override
    public boolean tracksGeneration() {
      return true;
    }

    @Override
    protected void defaults(EndpointSlice slice) {
      for (var port : Lists.of(slice.getPorts())) {
        if (port.getProtocol() == null) {
          port.setProtocol("TCP");
        }
      }
    }

    @Override
    protected void check(EndpointSlice slice, FieldErrors errs) {
      String type = Lists.orEmpty(slice.getAddressType());
      if (type.isEmpty()) {
        errs.required(FieldPath.root("addressType"));
      } else if (!List.of("FQDN", "IPv4", "IPv6").contains(type)) {
        errs.notSupported(FieldPath.root("addressType"), type, List.of("FQDN", "IPv4", "IPv6"));
      }
      var endpoints = Lists.of(slice.getEndpoints());
      for (int i = 0; i < endpoints.size(); i++) {
        var addresses = Lists.of(endpoints.get(i).getAddresses());
        FieldPath at = FieldPath.root("endpoints").index(i).child("addresses");
        if (addresses.isEmpty()) {
          errs.required(at, "must contain at least 1 address");
        }
        for (int a = 0; a < addresses.size(); a++) {
          if ((type.equals("IPv4") || type.equals("IPv6")) && IpAddresses.parse(addresses.get(a)) == null) {
            errs.invalid(at.index(a), addresses.get(a), "must be a valid " + type + " address");
          }
        }
      }
    }

    @Override
    protected void checkUpdate(EndpointSlice slice, EndpointSlice old, FieldErrors errs) {
      if (!java.util.Objects.equals(slice.getAddressType(), old.getAddressType())) {
        errs.invalid(FieldPath.root("addressType"), Lists.orEmpty(slice.getAddressType()), "field is immutable");
      }
    }
  }

  /** Endpoints: port protocols default to TCP; each subset needs addresses. */
  public static final class EndpointsStrategy extends ObjectStrategy<Endpoints> {

    public EndpointsStrategy() {
      super(Endpoints.class);
    }

    @Override
    protected void defaults(Endpoints ep) {
      for (var subset : Lists.of(ep.getSubsets())) {
        for (var port : Lists.of(subset.getPorts())) {
          if (Lists.isEmpty(port.getProtocol())) {
            port.setProtocol("TCP");
          }
        }
      }
    }

    @Override
    protected void check(Endpoints ep, FieldErrors errs) {
      var subsets = Lists.of(ep.getSubsets());
      for (int i = 0; i < subsets.size(); i++) {
        var ss = subsets.get(i);
        FieldPath at = FieldPath.root("subsets").index(i);
        if (Lists.of(ss.getAddresses()).isEmpty() && Lists.of(ss.getNotReadyAddresses()).isEmpty()) {
          errs.required(at, "must specify `addresses` or `notReadyAddresses`");
        }
        var addresses = Lists.of(ss.getAddresses());
        for (int a = 0; a < addresses.size(); a++) {
          errs.invalidEach(at.child("addresses").index(a).child("ip"), Lists.orEmpty(addresses.get(a).getIp()),
              Formats.ip(Lists.orEmpty(addresses.get(a).getIp())));
        }
        var ports = Lists.of(ss.getPorts());
        for (int p = 0; p < ports.size(); p++) {
          int port = ports.get(p).getPort() == null ? 0 : ports.get(p).getPort();
          errs.invalidEach(at.child("ports").index(p).child("port"), (long) port, Formats.portNumber(port));
        }
      }
    }
  }
}
