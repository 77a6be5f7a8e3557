package dev.ketch.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable sequence of bytes, ordered as etcd orders keys: lexicographically by unsigned byte.
 *
 * <p>Keys and values of the store are {@code Bytes}. Instances never expose their backing array, so
 * they can be shared between threads freely.
 */
public final class Bytes implements Comparable<Bytes> {

  /** The empty sequence; as a range end it means "to the end of the key space" after {@link #ZERO}. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  /** The single zero byte: etcd's range end meaning "every key greater than or equal to the key". */
  public static final Bytes ZERO = new Bytes(new byte[] {0});

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes copyOf(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static Bytes copyOf(byte[] bytes, int offset, int length) {
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * Wraps {@code bytes} without copying. The caller hands over ownership: it must never change the
   * array afterwards.
   */
  public static Bytes wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  /** The UTF-8 encoding of {@code text}. */
  public static Bytes of(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  public int size() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  public byte byteAt(int index) {
    return bytes[index];
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * The backing array, for code that only reads it (encoders, hashing). Callers must not change it.
   */
  public byte[] unsafeArray() {
    return bytes;
  }

  public String toStringUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public boolean startsWith(Bytes prefix) {
    return bytes.length >= prefix.bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /**
   * The smallest key greater than every key that starts with this prefix, as etcd's clients compute
   * a prefix range end: the last byte that is not 0xff is incremented and the rest dropped. A prefix
   * of only 0xff bytes (or the empty prefix) has no such key; the result is then {@link #ZERO},
   * which as a range end means "to the end of the key space".
   */
  public Bytes prefixEnd() {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] != (byte) 0xff) {
        byte[] end = Arrays.copyOf(bytes, i + 1);
        end[i]++;
        return new Bytes(end);
      }
    }
    return ZERO;
  }

  /** This sequence followed by a zero byte: the smallest key greater than this one. */
  public Bytes successor() {
    return new Bytes(Arrays.copyOf(bytes, bytes.length + 1));
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** The text if it is printable UTF-8, else hexadecimal; for logs and messages only. */
  @Override
  public String toString() {
    for (byte b : bytes) {
      if (b < 0x20 || b == 0x7f) {
        return "0x" + HexFormat.of().formatHex(bytes);
      }
    }
    return toStringUtf8();
  }
}
