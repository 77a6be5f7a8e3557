package dev.ketch.apiserver.protobuf;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text Go writes for the apimachinery value types whose JSON is a string: metav1.Time (RFC
 * 3339 to the second), metav1.MicroTime (RFC 3339 with six fractional digits) and metav1.Duration
 * (Go's {@code time.Duration.String()}). Stateless.
 */
final class GoText {

  /** Go's zero time, 0001-01-01T00:00:00Z, which Time and MicroTime write as null. */
  static final long GO_ZERO_SECONDS = -62135596800L;

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private GoText() {}

  /** metav1.Time: whole seconds, as {@code Time.MarshalJSON} writes them. */
  static String time(long epochSeconds) {
    return RFC3339.format(Instant.ofEpochSecond(epochSeconds));
  }

  /** metav1.MicroTime: the nanoseconds truncated to microseconds, always six digits. */
  static String microTime(long epochSeconds, long nanos) {
    return RFC3339_MICRO.format(Instant.ofEpochSecond(epochSeconds, nanos));
  }

  /** Whether a protobuf timestamp is Go's zero time. */
  static boolean isGoZero(long epochSeconds, long nanos) {
    return Instant.ofEpochSecond(epochSeconds, nanos).equals(Instant.ofEpochSecond(GO_ZERO_SECONDS));
  }

  /**
   * A duration in nanoseconds as Go's {@code time.Duration.String()} writes it: "0s", "1.5µs",
   * "250ms", "1h2m3.5s", with no trailing zeros in the fraction and hours as the largest unit.
   */
  static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // Long.MIN_VALUE has no positive counterpart; its magnitude fits when read as unsigned.
    long u = negative ? -nanos : nanos;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      String unit;
      int precision;
      if (u < 1_000L) {
        unit = "ns";
        precision = 0;
      } else if (u < 1_000_000L) {
        unit = "µs";
        precision = 3;
      } else {
        unit = "ms";
        precision = 6;
      }
      out.append(withFraction(u, precision)).append(unit);
    } else {
      long seconds = Long.divideUnsigned(u, 1_000_000_000L);
      String fraction = fraction(Long.remainderUnsigned(u, 1_000_000_000L), 9);
      long minutes = seconds / 60;
      long hours = minutes / 60;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (minutes > 0) {
        out.append(minutes % 60).append('m');
      }
      out.append(seconds % 60).append(fraction).append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  private static String withFraction(long value, int precision) {
    long scale = pow10(precision);
    return (value / scale) + fraction(value % scale, precision);
  }

  /** ".5" for 500000000 at 9 digits; empty for 0. */
  private static String fraction(long value, int digits) {
    if (value == 0 || digits == 0) {
      return "";
    }
    StringBuilder s = new StringBuilder(Long.toString(value));
    while (s.length() < digits) {
      s.insert(0, '0');
    }
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') {
      end--;
    }
    return "." + s.substring(0, end);
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}
