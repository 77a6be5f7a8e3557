package dev.ketch.dns.message;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes DNS messages. Reading is strict: every count in the header must be matched by
 * data, names may only point backwards, and nothing may follow the last record. Writing does not
 * compress names.
 */
public final class DnsCodec {

  public static final int HEADER_LENGTH = 12;

  private DnsCodec() {}

  public static DnsMessage decode(byte[] bytes) throws MalformedMessageException {
    if (bytes.length < HEADER_LENGTH) {
      throw new MalformedMessageException("message shorter than its header");
    }
    Reader in = new Reader(bytes);
    int id = in.u16();
    int flags = in.u16();
    int qd = in.u16();
    int an = in.u16();
    int ns = in.u16();
    int ar = in.u16();
    List<Question> questions = new ArrayList<>();
    for (int i = 0; i < qd; i++) {
      String name = in.name();
      questions.add(new Question(name, in.u16(), in.u16()));
    }
    List<ResourceRecord> answers = in.records(an);
    List<ResourceRecord> authorities = in.records(ns);
    List<ResourceRecord> additionals = new ArrayList<>();
    int udpSize = 0;
    for (ResourceRecord r : in.records(ar)) {
      if (r.type() == RecordType.OPT) {
        if (udpSize != 0 || !r.name().isEmpty()) {
          throw new MalformedMessageException("more than one OPT record, or one not at the root");
        }
        udpSize = Math.max(512, r.dnsClass());
      } else {
        additionals.add(r);
      }
    }
    if (in.position != bytes.length) {
      throw new MalformedMessageException("trailing bytes after the last record");
    }
    return new DnsMessage(id, flags, questions, answers, authorities, additionals, udpSize);
  }

  /** The id and flags of a message at least a header long, for answering one that does not parse. */
  public static int[] header(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH) {
      return null;
    }
    return new int[] {((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff), ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff)};
  }

  public static byte[] encode(DnsMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    ResourceRecord.writeShort(out, m.id());
    ResourceRecord.writeShort(out, m.flags());
    ResourceRecord.writeShort(out, m.questions().size());
    ResourceRecord.writeShort(out, m.answers().size());
    ResourceRecord.writeShort(out, m.authorities().size());
    ResourceRecord.writeShort(out, m.additionals().size() + (m.ednsUdpSize() > 0 ? 1 : 0));
    for (Question q : m.questions()) {
      Names.write(q.name(), out);
      ResourceRecord.writeShort(out, q.type());
      ResourceRecord.writeShort(out, q.dnsClass());
    }
    for (List<ResourceRecord> section : List.of(m.answers(), m.authorities(), m.additionals())) {
      for (ResourceRecord r : section) {
        write(r, out);
      }
    }
    if (m.ednsUdpSize() > 0) {
      write(new ResourceRecord("", RecordType.OPT, m.ednsUdpSize(), 0, new byte[0]), out);
    }
    return out.toByteArray();
  }

  private static void write(ResourceRecord r, ByteArrayOutputStream out) {
    Names.write(r.name(), out);
    ResourceRecord.writeShort(out, r.type());
    ResourceRecord.writeShort(out, r.dnsClass());
    ResourceRecord.writeInt(out, r.ttl());
    byte[] data = r.data();
    ResourceRecord.writeShort(out, data.length);
    out.write(data, 0, data.length);
  }

  /** Reads from a message, checking every read against its length. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int u16() throws MalformedMessageException {
      need(2);
      int v = ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
      position += 2;
      return v;
    }

    long u32() throws MalformedMessageException {
      return ((long) u16() << 16) | u16();
    }

    String name() throws MalformedMessageException {
      Names.Read read = Names.read(bytes, position);
      position = read.next();
      return read.name();
    }

    private void need(int n) throws MalformedMessageException {
      if (position + n > bytes.length) {
        throw new MalformedMessageException("message ends inside a field");
      }
    }

    List<ResourceRecord> records(int count) throws MalformedMessageException {
      List<ResourceRecord> records = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = name();
        int type = u16();
        int dnsClass = u16();
        long ttl = u32();
        int length = u16();
        need(length);
        int start = position;
        byte[] data = expandNames(type, start, length);
        position = start + length;
        records.add(new ResourceRecord(name, type, dnsClass, ttl, data));
      }
      return records;
    }

    /** The record's data with any compressed names in it written out in full. */
    private byte[] expandNames(int type, int start, int length) throws MalformedMessageException {
      int fixedPrefix = switch (type) {
        case RecordType.CNAME, RecordType.PTR, RecordType.NS -> 0;
        case RecordType.SRV -> 6;
        case RecordType.MX -> 2;
        default -> -1;
      };
      byte[] raw = java.util.Arrays.copyOfRange(bytes, start, start + length);
      if (fixedPrefix < 0 || length < fixedPrefix + 1) {
        return raw;
      }
      Names.Read target = Names.read(bytes, start + fixedPrefix);
      if (target.next() > start + length) {
        throw new MalformedMessageException("name runs past its record's data");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(raw, 0, fixedPrefix);
      Names.write(target.name(), out);
      return out.toByteArray();
    }
  }
}
