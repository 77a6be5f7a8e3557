package dev.ketch.controllers.nodeipam;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import java.util.Optional;

/**
 * The node subnets of one cluster CIDR (upstream's cidrset): the cluster CIDR cut into subnets of
 * the node mask size, each free or taken; allocation goes round from the one after the last
 * allocated. IPv4 or IPv6. Thread-safe.
 */
final class CidrSet {

  private final BigInteger base;
  private final int addressBits;
  private final int clusterMask;
  private final int nodeMask;
  private final int subnets;
  private final BitSet used;
  private int next;

  /**
   * @param clusterCidr e.g. {@code 10.42.0.0/16}
   * @param nodeMask e.g. 24
   * @throws IllegalArgumentException if the CIDR is malformed or the node mask does not fit
   */
  CidrSet(String clusterCidr, int nodeMask) {
    Parsed p = parse(clusterCidr);
    this.addressBits = p.bits();
    this.clusterMask = p.mask();
    if (nodeMask < clusterMask || nodeMask > addressBits) {
      throw new IllegalArgumentException("node mask /" + nodeMask + " does not fit cluster CIDR " + clusterCidr);
    }
    if (nodeMask - clusterMask > 24) {
      throw new IllegalArgumentException("too many node subnets: cluster CIDR " + clusterCidr + " with node mask /" + nodeMask);
    }
    this.nodeMask = nodeMask;
    this.base = p.address().shiftRight(addressBits - clusterMask).shiftLeft(addressBits - clusterMask);
    this.subnets = 1 << (nodeMask - clusterMask);
    this.used = new BitSet(subnets);
  }

  private record Parsed(BigInteger address, int bits, int mask) {}

  private static Parsed parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    try {
      byte[] bytes = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      int mask = Integer.parseInt(cidr.substring(slash + 1));
      int bits = bytes.length * 8;
      if (mask < 0 || mask > bits) {
        throw new IllegalArgumentException("bad mask in " + cidr);
      }
      return new Parsed(new BigInteger(1, bytes), bits, mask);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR: " + cidr, e);
    }
  }

  boolean isIpv6() {
    return addressBits == 128;
  }

  /** The next free subnet, taken, or empty if all are taken. */
  synchronized Optional<String> allocateNext() {
    for (int i = 0; i < subnets; i++) {
      int candidate = (next + i) % subnets;
      if (!used.get(candidate)) {
        used.set(candidate);
        next = (candidate + 1) % subnets;
        return Optional.of(format(candidate));
      }
    }
    return Optional.empty();
  }

  /** Marks {@code cidr} taken; false if it is not one of this set's subnets (another family or range). */
  synchronized boolean occupy(String cidr) {
    int index = indexOf(cidr);
    if (index < 0) {
      return false;
    }
    used.set(index);
    return true;
  }

  synchronized void release(String cidr) {
    int index = indexOf(cidr);
    if (index >= 0) {
      used.clear(index);
    }
  }

  synchronized int free() {
    return subnets - used.cardinality();
  }

  private int indexOf(String cidr) {
    Parsed p;
    try {
      p = parse(cidr);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (p.bits() != addressBits || p.mask() != nodeMask) {
      return -1;
    }
    BigInteger offset = p.address().subtract(base);
    if (offset.signum() < 0) {
      return -1;
    }
    BigInteger index = offset.shiftRight(addressBits - nodeMask);
    return index.compareTo(BigInteger.valueOf(subnets)) < 0 ? index.intValue() : -1;
  }

  private String format(int index) {
    BigInteger address = base.add(BigInteger.valueOf(index).shiftLeft(addressBits - nodeMask));
    byte[] raw = address.toByteArray();
    byte[] bytes = new byte[addressBits / 8];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    try {
      String text = InetAddress.getByAddress(bytes).getHostAddress();
      if (addressBits == 128) {
        text = compressIpv6(text);
      }
      return text + "/" + nodeMask;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Java writes {@code fd00:0:0:1:0:0:0:0}; Go writes {@code fd00:0:0:1::}. */
  static String compressIpv6(String full) {
    String[] parts = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < parts.length; ) {
      if (parts[i].equals("0")) {
        int j = i;
        while (j < parts.length && parts[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
    return head + "::" + tail;
  }
}
