package dev.ketch.store.embedded;

/**
 * The position of one change in the store's history: the main revision of the write request and
 * the index of the change within it. The backend stores every change under its revision, encoded
 * big-endian so that byte order equals revision order.
 */
record Revision(long main, long sub) implements Comparable<Revision> {

  static final int ENCODED_LENGTH = 16;

  byte[] encode() {
    byte[] out = new byte[ENCODED_LENGTH];
    putLong(out, 0, main);
    putLong(out, 8, sub);
    return out;
  }

  static Revision decode(byte[] bytes) {
    return new Revision(getLong(bytes, 0), getLong(bytes, 8));
  }

  /** The encoded form of the first possible change of main revision {@code main}. */
  static byte[] startOf(long main) {
    return new Revision(main, 0).encode();
  }

  @Override
  public int compareTo(Revision o) {
    int c = Long.compare(main, o.main);
    return c != 0 ? c : Long.compare(sub, o.sub);
  }

  static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long getLong(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (in[offset + i] & 0xff);
    }
    return value;
  }

  static byte[] encodeLong(long value) {
    byte[] out = new byte[8];
    putLong(out, 0, value);
    return out;
  }

  @Override
  public String toString() {
    return main + "." + sub;
  }
}
