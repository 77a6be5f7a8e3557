package dev.ketch.dns.cluster;

import dev.ketch.dns.message.Names;
import dev.ketch.dns.message.Question;
import dev.ketch.dns.message.Rcode;
import dev.ketch.dns.message.RecordType;
import dev.ketch.dns.message.ResourceRecord;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Answers questions about the cluster domain from {@link ClusterRecords}, with the names
 * Kubernetes' DNS specification defines:
 *
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<zone>}: A/AAAA of the cluster IPs, or of every ready endpoint for a
 *       headless Service; a CNAME for an ExternalName Service; SRV for every named port
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<zone>}: SRV of a named port
 *   <li>{@code <hostname>.<svc>.<ns>.svc.<zone>}: a headless Service's endpoint by hostname (a
 *       StatefulSet pod, {@code web-0.nginx.default.svc.cluster.local}) or by dashed address
 *   <li>{@code <a-b-c-d>.<ns>.pod.<zone>}: a pod's address, if a pod in that namespace has it
 * </ul>
 *
 * Names that exist without records of the asked type get NODATA, others NXDOMAIN, both with the
 * zone's SOA so that stub resolvers move on along their search path. Thread-safe.
 */
public final class ClusterResolver {

  /** How long answers may be cached, as CoreDNS' kubernetes plugin defaults to. */
  static final long TTL = 5;

  private final String zone;
  private final ClusterRecords records;
  private final ResourceRecord soa;

  public ClusterResolver(String zone, ClusterRecords records) {
    this.zone = Names.normalize(zone);
    this.records = records;
    this.soa = ResourceRecord.soa(this.zone, "ns.dns." + this.zone, "hostmaster." + this.zone,
        System.currentTimeMillis() / 1000 & 0xffffffffL, TTL, TTL);
  }

  public String zone() {
    return zone;
  }

  /** Whether {@code name} is in the cluster domain and answered here. */
  public boolean inZone(String name) {
    String n = Names.normalize(name);
    return n.equals(zone) || n.endsWith("." + zone);
  }

  /** The answer to a question of the cluster domain (see {@link #inZone}). */
  public Answer resolve(Question q) {
    String name = q.name();
    if (name.equals(zone)) {
      return q.type() == RecordType.SOA ? answer(List.of(soa), List.of()) : noData();
    }
    List<String> labels = Arrays.asList(name.substring(0, name.length() - zone.length() - 1).split("\\."));
    String kind = labels.getLast();
    List<String> rest = labels.subList(0, labels.size() - 1);
    if (kind.equals("svc")) {
      return service(q, rest);
    }
    if (kind.equals("pod")) {
      return pod(q, rest);
    }
    return nxdomain();
  }

  private Answer service(Question q, List<String> labels) {
    return switch (labels.size()) {
      case 0 -> noData();
      case 1 -> records.hasServicesIn(labels.getFirst()) ? noData() : nxdomain();
      case 2 -> serviceName(q, labels.get(0), labels.get(1));
      case 3 -> endpointName(q, labels.get(0), labels.get(1), labels.get(2));
      case 4 -> labels.get(0).startsWith("_") && labels.get(1).startsWith("_")
          ? portSrv(q, labels.get(0).substring(1), labels.get(1).substring(1), labels.get(2), labels.get(3))
          : nxdomain();
      default -> nxdomain();
    };
  }

  private Answer serviceName(Question q, String svc, String ns) {
    ServiceEntry s = records.service(ns, svc);
    if (s == null) {
      return nxdomain();
    }
    String fqdn = q.name();
    if (s.externalName() != null) {
      ResourceRecord cname = ResourceRecord.cname(fqdn, s.externalName(), TTL);
      if (q.type() == RecordType.CNAME) {
        return answer(List.of(cname), List.of());
      }
      String target = Names.normalize(s.externalName());
      if (inZone(target)) {
        Answer chased = resolve(new Question(target, q.type(), q.dnsClass()));
        List<ResourceRecord> all = new ArrayList<>(List.of(cname));
        all.addAll(chased.answers());
        return new Answer(chased.rcode(), all, chased.authorities(), chased.additionals(), null);
      }
      return new Answer(Rcode.NOERROR, List.of(cname), List.of(), List.of(), target);
    }
    if (q.type() == RecordType.SRV) {
      List<ResourceRecord> srv = new ArrayList<>();
      List<ResourceRecord> extra = new ArrayList<>();
      for (ServiceEntry.NamedPort p : s.ports()) {
        Answer one = portSrv(new Question("_" + p.name() + "._" + p.protocol() + "." + fqdn, RecordType.SRV, q.dnsClass()),
            p.name(), p.protocol(), svc, ns);
        srv.addAll(one.answers().stream().map(r -> renamed(r, fqdn)).toList());
        one.additionals().stream().filter(r -> !extra.contains(r)).forEach(extra::add);
      }
      return srv.isEmpty() ? noData() : answer(srv, extra);
    }
    return addresses(q.type(), fqdn, addressesOf(s));
  }

  private static ResourceRecord renamed(ResourceRecord r, String name) {
    return new ResourceRecord(name, r.type(), r.dnsClass(), r.ttl(), r.data());
  }

  private List<String> addressesOf(ServiceEntry s) {
    if (!s.headless()) {
      return s.clusterIps();
    }
    return records.readyEndpoints(s.namespace(), s.name()).stream().map(EndpointEntry::address).toList();
  }

  private Answer endpointName(Question q, String endpoint, String svc, String ns) {
    ServiceEntry s = records.service(ns, svc);
    if (s == null || !s.headless()) {
      return nxdomain();
    }
    List<String> matching = records.readyEndpoints(ns, svc).stream().filter(e -> e.label().equals(endpoint))
        .map(EndpointEntry::address).toList();
    if (matching.isEmpty()) {
      return nxdomain();
    }
    return addresses(q.type(), q.name(), matching);
  }

  private Answer portSrv(Question q, String port, String protocol, String svc, String ns) {
    ServiceEntry s = records.service(ns, svc);
    if (s == null) {
      return nxdomain();
    }
    Optional<ServiceEntry.NamedPort> named = s.ports().stream()
        .filter(p -> p.name().equals(port) && p.protocol().equals(protocol)).findFirst();
    if (named.isEmpty()) {
      return nxdomain();
    }
    if (q.type() != RecordType.SRV) {
      return noData();
    }
    String serviceFqdn = svc + "." + ns + ".svc." + zone;
    List<ResourceRecord> srv = new ArrayList<>();
    List<ResourceRecord> extra = new ArrayList<>();
    if (!s.headless()) {
      srv.add(ResourceRecord.srv(q.name(), 0, 100, named.get().port(), serviceFqdn, TTL));
      s.clusterIps().forEach(ip -> extra.add(ResourceRecord.address(serviceFqdn, parse(ip), TTL)));
    } else {
      for (EndpointEntry e : records.readyEndpoints(ns, svc)) {
        Optional<ServiceEntry.NamedPort> target = e.ports().stream()
            .filter(p -> p.name().equals(port) && p.protocol().equals(protocol)).findFirst();
        if (target.isPresent()) {
          String host = e.label() + "." + serviceFqdn;
          srv.add(ResourceRecord.srv(q.name(), 0, 100, target.get().port(), host, TTL));
          extra.add(ResourceRecord.address(host, parse(e.address()), TTL));
        }
      }
    }
    return srv.isEmpty() ? noData() : answer(srv, extra);
  }

  private Answer pod(Question q, List<String> labels) {
    if (labels.size() == 1) {
      return noData();
    }
    if (labels.size() != 2) {
      return nxdomain();
    }
    String dashed = labels.get(0);
    String ns = labels.get(1);
    String ip = dashed.contains("--") || dashed.chars().filter(c -> c == '-').count() > 3
        ? dashed.replace('-', ':') : dashed.replace('-', '.');
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(ip);
    } catch (IllegalArgumentException e) {
      return nxdomain();
    }
    if (!records.podHasIp(ns, address.getHostAddress()) && !records.podHasIp(ns, ip)) {
      return nxdomain();
    }
    return addresses(q.type(), q.name(), List.of(ip));
  }

  private Answer addresses(int type, String name, List<String> ips) {
    boolean wantV6 = type == RecordType.AAAA;
    if (type != RecordType.A && type != RecordType.AAAA && type != RecordType.ANY) {
      return noData();
    }
    List<ResourceRecord> answers = new ArrayList<>();
    for (String ip : ips) {
      InetAddress a = parse(ip);
      if (type == RecordType.ANY || (a instanceof Inet6Address) == wantV6) {
        answers.add(ResourceRecord.address(name, a, TTL));
      }
    }
    return answers.isEmpty() ? noData() : answer(answers, List.of());
  }

  private static InetAddress parse(String ip) {
    return InetAddress.ofLiteral(ip);
  }

  private Answer answer(List<ResourceRecord> answers, List<ResourceRecord> additionals) {
    return new Answer(Rcode.NOERROR, answers, List.of(), additionals, null);
  }

  private Answer noData() {
    return new Answer(Rcode.NOERROR, List.of(), List.of(soa), List.of(), null);
  }

  private Answer nxdomain() {
    return new Answer(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of(), null);
  }
}
