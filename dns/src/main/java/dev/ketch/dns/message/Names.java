package dev.ketch.dns.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Domain names on the wire (RFC 1035 section 3.1 and 4.1.4): labels, with compression pointers when read. */
public final class Names {

  static final int MAX_NAME = 255;
  static final int MAX_LABEL = 63;

  private Names() {}

  /** {@code name} in lower case without a final dot. */
  public static String normalize(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** Appends {@code name} uncompressed; fails on an empty label or a label or name that is too long. */
  static void write(String name, ByteArrayOutputStream out) {
    int length = 1;
    if (!name.isEmpty()) {
      for (String label : name.split("\\.", -1)) {
        byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length > MAX_LABEL) {
          throw new IllegalArgumentException("invalid label in DNS name '" + name + "'");
        }
        length += bytes.length + 1;
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
      }
    }
    if (length > MAX_NAME) {
      throw new IllegalArgumentException("DNS name longer than 255 octets: '" + name + "'");
    }
    out.write(0);
  }

  /** A name as bytes, uncompressed. */
  static byte[] toWire(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(name, out);
    return out.toByteArray();
  }

  /** The name at {@code offset}, following compression pointers backwards only, so that no loop is possible. */
  static Read read(byte[] message, int offset) throws MalformedMessageException {
    StringBuilder name = new StringBuilder();
    int position = offset;
    int end = -1;
    int wireLength = 1;
    while (true) {
      if (position >= message.length) {
        throw new MalformedMessageException("name runs past the end of the message");
      }
      int length = message[position] & 0xff;
      if ((length & 0xc0) == 0xc0) {
        if (position + 1 >= message.length) {
          throw new MalformedMessageException("truncated compression pointer");
        }
        int target = ((length & 0x3f) << 8) | (message[position + 1] & 0xff);
        if (target >= position) {
          throw new MalformedMessageException("compression pointer does not point backwards");
        }
        if (end < 0) {
          end = position + 2;
        }
        position = target;
        continue;
      }
      if ((length & 0xc0) != 0) {
        throw new MalformedMessageException("unsupported label type");
      }
      if (length == 0) {
        return new Read(name.toString().toLowerCase(Locale.ROOT), end < 0 ? position + 1 : end);
      }
      if (position + 1 + length > message.length) {
        throw new MalformedMessageException("label runs past the end of the message");
      }
      wireLength += length + 1;
      if (wireLength > MAX_NAME) {
        throw new MalformedMessageException("name longer than 255 octets");
      }
      if (!name.isEmpty()) {
        name.append('.');
      }
      for (int i = 0; i < length; i++) {
        int c = message[position + 1 + i] & 0xff;
        if (c == '.' || c < 0x21 || c > 0x7e) {
          throw new MalformedMessageException("unsupported character in label");
        }
        name.append((char) c);
      }
      position += length + 1;
    }
  }

  /** A name read from a message, and the offset just after it. */
  record Read(String name, int next) {}
}
