package dev.ketch.dns.message;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One resource record. Names inside {@code data} (CNAME, SRV, SOA, ...) are stored uncompressed, so
 * that the data can be written anywhere as it is.
 *
 * @param name the owner name, lower case, without the final dot
 * @param ttl seconds
 */
public record ResourceRecord(String name, int type, int dnsClass, long ttl, byte[] data) {

  public ResourceRecord {
    name = Names.normalize(name);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public static ResourceRecord address(String name, InetAddress address, long ttl) {
    int type = address instanceof Inet4Address ? RecordType.A : RecordType.AAAA;
    return new ResourceRecord(name, type, RecordType.CLASS_IN, ttl, address.getAddress());
  }

  public static ResourceRecord cname(String name, String target, long ttl) {
    return new ResourceRecord(name, RecordType.CNAME, RecordType.CLASS_IN, ttl, Names.toWire(Names.normalize(target)));
  }

  public static ResourceRecord srv(String name, int priority, int weight, int port, String target, long ttl) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeShort(out, priority);
    writeShort(out, weight);
    writeShort(out, port);
    Names.write(Names.normalize(target), out);
    return new ResourceRecord(name, RecordType.SRV, RecordType.CLASS_IN, ttl, out.toByteArray());
  }

  /** An SOA record; the serial, refresh, retry, expire and minimum (negative caching) values in seconds. */
  public static ResourceRecord soa(String zone, String primary, String mailbox, long serial, long minimum, long ttl) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Names.write(Names.normalize(primary), out);
    Names.write(Names.normalize(mailbox), out);
    for (long v : new long[] {serial, 7200, 1800, 86400, minimum}) {
      writeInt(out, v);
    }
    return new ResourceRecord(zone, RecordType.SOA, RecordType.CLASS_IN, ttl, out.toByteArray());
  }

  /** The address of an A or AAAA record. */
  public InetAddress address() {
    if (type != RecordType.A && type != RecordType.AAAA) {
      throw new IllegalStateException("not an address record: type " + type);
    }
    try {
      return InetAddress.getByAddress(data);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("bad address length " + data.length, e);
    }
  }

  /** The target name of a CNAME (or PTR, NS) record, or of an SRV record. */
  public String target() {
    int offset = switch (type) {
      case RecordType.CNAME, RecordType.PTR, RecordType.NS -> 0;
      case RecordType.SRV -> 6;
      default -> throw new IllegalStateException("record type " + type + " has no target");
    };
    try {
      return Names.read(data, offset).name();
    } catch (MalformedMessageException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The port of an SRV record. */
  public int srvPort() {
    if (type != RecordType.SRV) {
      throw new IllegalStateException("not an SRV record: type " + type);
    }
    return ((data[4] & 0xff) << 8) | (data[5] & 0xff);
  }

  static void writeShort(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  static void writeInt(ByteArrayOutputStream out, long v) {
    writeShort(out, (int) ((v >>> 16) & 0xffff));
    writeShort(out, (int) (v & 0xffff));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceRecord r && r.name.equals(name) && r.type == type && r.dnsClass == dnsClass
        && r.ttl == ttl && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    String shown = switch (type) {
      case RecordType.A, RecordType.AAAA -> address().getHostAddress();
      case RecordType.CNAME, RecordType.PTR, RecordType.NS -> target();
      case RecordType.SRV -> srvPort() + " " + target();
      default -> data.length + " bytes";
    };
    return name + " " + ttl + " type" + type + " " + shown;
  }

  static boolean isIpv6(InetAddress address) {
    return address instanceof Inet6Address;
  }
}
