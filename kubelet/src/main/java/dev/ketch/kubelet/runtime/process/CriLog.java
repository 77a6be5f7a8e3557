package dev.ketch.kubelet.runtime.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The CRI container log format, as containerd writes it and the kubelet reads it for {@code kubectl
 * logs}: one entry per line, {@code <RFC3339Nano time> <stream> <tag> <content>}, where the tag is
 * {@code F} for a full line and {@code P} for a part of a line longer than the maximum (the rest
 * follows in further entries). Times are UTC with Go's RFC3339Nano precision (trailing zeros of
 * the fraction dropped). Stateless.
 */
final class CriLog {

  /** Lines longer than this are split into partial entries, as containerd's 16 KiB buffer does. */
  static final int MAX_LINE = 16 * 1024;

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private CriLog() {}

  /** {@code 2025-01-02T03:04:05.123456789Z}, Go's time.RFC3339Nano. */
  static String timestamp(Instant t) {
    StringBuilder b = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String f = String.format("%09d", nanos);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(f, 0, end);
    }
    return b.append('Z').toString();
  }

  /** One entry, with its newline. */
  static byte[] entry(Instant t, String stream, boolean full, byte[] content, int offset, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 48);
    out.writeBytes((timestamp(t) + " " + stream + " " + (full ? "F" : "P") + " ").getBytes(StandardCharsets.US_ASCII));
    out.write(content, offset, length);
    out.write('\n');
    return out.toByteArray();
  }
}
