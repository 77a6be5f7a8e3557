package dev.ketch.apiserver.registry.allocation;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Service cluster IPs from one CIDR, as Kubernetes' ipallocator: the network address (and, for
 * IPv4, the broadcast address) are never used; the first address is reserved for the {@code
 * kubernetes} Service and the tenth, conventionally, for cluster DNS, so they are only handed out
 * when asked for by address; random allocations prefer the upper part of the range. Requested
 * addresses are honoured when free and in range. Thread-safe.
 */
public final class ClusterIpAllocator {

  /** The default service CIDR, as k3s'. */
  public static final String DEFAULT_CIDR = "10.43.0.0/16";
  private static final int MAX_IPV6_SIZE = 1 << 16;

  private final String cidr;
  private final BigInteger base;
  private final int addressBytes;
  private final OffsetBitmap bitmap;

  /**
   * @param cidr the range, e.g. {@code 10.43.0.0/16}
   * @param random where random picks come from (seed it in tests)
   */
  public ClusterIpAllocator(String cidr, RandomGenerator random) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    InetAddress network = literal(cidr.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    addressBytes = network.getAddress().length;
    int bits = addressBytes * 8;
    if (prefix < 0 || prefix > bits - 2) {
      throw new IllegalArgumentException("CIDR too small: " + cidr);
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger net = new BigInteger(1, network.getAddress()).andNot(mask);
    this.cidr = format(net) + "/" + prefix;
    this.base = net.add(BigInteger.ONE);
    BigInteger total = BigInteger.ONE.shiftLeft(bits - prefix);
    // IPv4 loses the network and broadcast addresses, IPv6 only the network (subnet-router) one.
    BigInteger usable = addressBytes == 4 ? total.subtract(BigInteger.TWO) : total.subtract(BigInteger.ONE);
    int size = usable.min(BigInteger.valueOf(addressBytes == 4 ? Integer.MAX_VALUE : MAX_IPV6_SIZE)).intValueExact();
    int lowBand = Math.min(Math.max(16, size / 16), 256);
    this.bitmap = new OffsetBitmap(size, lowBand, Set.of(0, 9), random);
  }

  public static ClusterIpAllocator defaultRange() {
    return new ClusterIpAllocator(DEFAULT_CIDR, new SecureRandom());
  }

  /** The range, normalised, e.g. {@code 10.43.0.0/16}. */
  public String cidr() {
    return cidr;
  }

  /** IPv4 or IPv6. */
  public String family() {
    return addressBytes == 4 ? "IPv4" : "IPv6";
  }

  /** The address of the {@code kubernetes} Service: the first of the range. */
  public String kubernetesServiceIp() {
    return format(base);
  }

  /** The address conventionally given to cluster DNS: the tenth of the range. */
  public String dnsServiceIp() {
    return format(base.add(BigInteger.valueOf(9)));
  }

  /** Whether the address lies in the allocatable range. */
  public boolean contains(String ip) {
    return offset(ip) >= 0;
  }

  /**
   * Allocates a requested address.
   *
   * @throws AllocationException NOT_IN_RANGE or ALREADY_ALLOCATED, worded as Kubernetes
   */
  public void allocate(String ip) throws AllocationException {
    int offset = offset(ip);
    if (offset < 0) {
      throw new AllocationException(AllocationException.Kind.NOT_IN_RANGE,
          "the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is " + cidr);
    }
    if (!bitmap.allocate(offset)) {
      throw new AllocationException(AllocationException.Kind.ALREADY_ALLOCATED, "provided IP is already allocated");
    }
  }

  /**
   * Allocates a free address at random.
   *
   * @throws AllocationException FULL when none is free
   */
  public String allocateNext() throws AllocationException {
    var offset = bitmap.allocateNext();
    if (offset.isEmpty()) {
      throw new AllocationException(AllocationException.Kind.FULL, "range is full");
    }
    return format(base.add(BigInteger.valueOf(offset.getAsInt())));
  }

  /** Frees an address; false if it was not allocated or is not in range. */
  public boolean release(String ip) {
    int offset = offset(ip);
    return offset >= 0 && bitmap.release(offset);
  }

  public boolean isAllocated(String ip) {
    int offset = offset(ip);
    return offset >= 0 && bitmap.has(offset);
  }

  /** How many addresses are allocated. */
  public int used() {
    return bitmap.used();
  }

  /** How many addresses the range holds. */
  public int size() {
    return bitmap.size();
  }

  /** Frees everything (before a rebuild). */
  public void clear() {
    bitmap.clear();
  }

  private int offset(String ip) {
    InetAddress a = literal(ip);
    if (a == null || a.getAddress().length != addressBytes) {
      return -1;
    }
    BigInteger d = new BigInteger(1, a.getAddress()).subtract(base);
    if (d.signum() < 0 || d.compareTo(BigInteger.valueOf(bitmap.size())) >= 0) {
      return -1;
    }
    return d.intValueExact();
  }

  private String format(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[addressBytes];
    int copy = Math.min(raw.length, addressBytes);
    System.arraycopy(raw, raw.length - copy, bytes, addressBytes - copy, copy);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress literal(String ip) {
    if (ip == null || ip.isEmpty() || !(ip.matches("[0-9.]+") || ip.contains(":"))) {
      return null;
    }
    if (!ip.contains(":") && !ip.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
      return null;
    }
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
