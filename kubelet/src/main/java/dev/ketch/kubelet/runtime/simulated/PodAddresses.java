package dev.ketch.kubelet.runtime.simulated;

import java.util.BitSet;

/**
 * Hands out IPv4 addresses of one /24 (or smaller) pod range: the lowest free one from .2 on (.1
 * is the gateway), and takes them back when a sandbox stops. Not thread-safe: the runtime holds
 * its lock.
 */
final class PodAddresses {

  private final int base;
  private final int size;
  private final BitSet used = new BitSet();

  /** @param cidr e.g. {@code 10.64.3.0/24} */
  PodAddresses(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("pod CIDR must be a.b.c.d/n, not " + cidr);
    }
    String[] octets = cidr.substring(0, slash).split("\\.");
    if (octets.length != 4) {
      throw new IllegalArgumentException("pod CIDR must be IPv4, not " + cidr);
    }
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("pod CIDR prefix must be between 8 and 30, not " + prefix);
    }
    int address = 0;
    for (String o : octets) {
      address = (address << 8) | Integer.parseInt(o);
    }
    this.size = 1 << (32 - prefix);
    this.base = address & ~(size - 1);
  }

  /** The next free address, or null when the range is full. */
  String allocate() {
    int offset = used.nextClearBit(2);
    if (offset >= size - 1) {
      return null;
    }
    used.set(offset);
    return text(base + offset);
  }

  void release(String ip) {
    String[] octets = ip.split("\\.");
    int address = 0;
    for (String o : octets) {
      address = (address << 8) | Integer.parseInt(o);
    }
    int offset = address - base;
    if (offset >= 0 && offset < size) {
      used.clear(offset);
    }
  }

  /** Marks an address as taken (a sandbox adopted from before a restart). */
  void reserve(String ip) {
    String[] octets = ip.split("\\.");
    int address = 0;
    for (String o : octets) {
      address = (address << 8) | Integer.parseInt(o);
    }
    int offset = address - base;
    if (offset >= 0 && offset < size) {
      used.set(offset);
    }
  }

  private static String text(int a) {
    return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }
}
