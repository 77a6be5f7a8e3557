package dev.ketch.dns.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which clients the DNS server answers: this machine's own addresses and the given networks (the
 * pod network). The server listens on a host address and forwards names, so it must not become an
 * open resolver for the host's whole network. Decisions are cached per address. Thread-safe.
 */
public final class ClientFilter implements Predicate<InetAddress> {

  private final List<Cidr> allowed;
  private final Map<InetAddress, Boolean> decided = new ConcurrentHashMap<>();

  public ClientFilter(List<String> cidrs) {
    this.allowed = cidrs.stream().map(Cidr::parse).toList();
  }

  /** Answers everyone. */
  public static ClientFilter anyone() {
    return new ClientFilter(List.of("0.0.0.0/0", "::/0"));
  }

  @Override
  public boolean test(InetAddress client) {
    if (decided.size() > 100_000) {
      decided.clear();
    }
    return decided.computeIfAbsent(client, this::decide);
  }

  private boolean decide(InetAddress client) {
    if (client.isLoopbackAddress() || allowed.stream().anyMatch(c -> c.contains(client))) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(client) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** An address range. */
  record Cidr(byte[] network, int prefix) {

    static Cidr parse(String cidr) {
      int slash = cidr.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("not a CIDR: '" + cidr + "'");
      }
      byte[] network = InetAddress.ofLiteral(cidr.substring(0, slash)).getAddress();
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
      }
      return new Cidr(network, prefix);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
