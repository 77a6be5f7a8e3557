package dev.ketch.pki;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The subject alternative names a serving certificate must carry: every name and address clients
 * may dial. Two sets are equal when they hold the same names and addresses in any order, which is
 * how a certificate on disk is compared with what is wanted now.
 *
 * @param dnsNames DNS names, lower case
 * @param ipAddresses IP addresses, without IPv6 scope
 */
public record ServingNames(Set<String> dnsNames, Set<InetAddress> ipAddresses) {

  /** The names of the API server's Service in the default namespace, as kube-apiserver's. */
  public static final List<String> KUBERNETES_SERVICE_NAMES =
      List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

  /** The Service CIDR Ketch uses unless told otherwise (as k3s). */
  public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";

  public ServingNames {
    dnsNames = Collections.unmodifiableSet(new TreeSet<>(dnsNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()));
    ipAddresses = Set.copyOf(ipAddresses.stream().map(ServingNames::withoutScope).toList());
  }

  /**
   * Names from text: each entry is an IP literal or a DNS name.
   *
   * @throws IllegalArgumentException for an entry that is neither
   */
  public static ServingNames of(Collection<String> names) {
    Set<String> dns = new LinkedHashSet<>();
    Set<InetAddress> ips = new LinkedHashSet<>();
    for (String raw : names) {
      String name = raw.trim();
      InetAddress ip = ipLiteral(name);
      if (ip != null) {
        ips.add(ip);
      } else if (name.matches("(?i)(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
        dns.add(name);
      } else {
        throw new IllegalArgumentException("'" + raw + "' is neither an IP address nor a DNS name");
      }
    }
    return new ServingNames(dns, ips);
  }

  /**
   * What the API server of this machine answers to: localhost and the loopback addresses, the
   * host name, every address of the machine's interfaces that is up (except loopback and IPv6
   * link-local ones, which no other machine can dial), the in-cluster names of the
   * {@code kubernetes} Service, its cluster IP, and the extra names given.
   *
   * @param serviceCidr the Service CIDR; its first address is the {@code kubernetes} Service's IP
   * @param extra more names or addresses, e.g. a load balancer's
   */
  public static ServingNames forThisMachine(String serviceCidr, Collection<String> extra) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    hostName().ifPresent(names::add);
    for (InetAddress a : machineAddresses()) {
      names.add(a.getHostAddress());
    }
    names.addAll(KUBERNETES_SERVICE_NAMES);
    names.add(firstAddress(serviceCidr).getHostAddress());
    names.addAll(extra);
    return of(names);
  }

  /** The union of both. */
  public ServingNames plus(ServingNames other) {
    Set<String> dns = new LinkedHashSet<>(dnsNames);
    dns.addAll(other.dnsNames);
    Set<InetAddress> ips = new LinkedHashSet<>(ipAddresses);
    ips.addAll(other.ipAddresses);
    return new ServingNames(dns, ips);
  }

  /** The names a certificate carries. */
  public static ServingNames ofCertificate(X509Certificate certificate) {
    Set<String> dns = new LinkedHashSet<>();
    Set<InetAddress> ips = new LinkedHashSet<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dns.add((String) san.get(1));
          } else if (type == 7) {
            ips.add(InetAddress.ofLiteral((String) san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject alternative names: " + e.getMessage(), e);
    }
    return new ServingNames(dns, ips);
  }

  /** The first usable address of a CIDR, e.g. 10.43.0.1 for 10.43.0.0/16. */
  public static InetAddress firstAddress(String cidr) {
    int slash = cidr.indexOf('/');
    InetAddress base = slash < 0 ? null : ipLiteral(cidr.substring(0, slash));
    int prefix;
    try {
      prefix = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (base == null || prefix < 0 || prefix >= base.getAddress().length * 8) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 10.43.0.0/16");
    }
    byte[] bytes = base.getAddress();
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    // Add one, carrying.
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (++bytes[i] != 0) {
        break;
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.util.Optional<String> hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() || ipLiteral(name) != null ? java.util.Optional.empty() : java.util.Optional.of(name);
    } catch (UnknownHostException e) {
      // The host name does not resolve; kubectl can still dial it when /etc/hosts is fixed, so
      // fall back to the kernel's name when it is readable.
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(env);
    }
  }

  private static List<InetAddress> machineAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(ServingNames::isUp)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
          .toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  private static boolean isUp(NetworkInterface nif) {
    try {
      return nif.isUp();
    } catch (SocketException e) {
      return false;
    }
  }

  private static InetAddress ipLiteral(String text) {
    try {
      return InetAddress.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static InetAddress withoutScope(InetAddress a) {
    try {
      return InetAddress.getByAddress(a.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    List<String> all = new java.util.ArrayList<>(dnsNames);
    ipAddresses.stream().map(InetAddress::getHostAddress).sorted().forEach(all::add);
    return String.join(",", all);
  }
}
