package dev.ketch.apiserver.table;

import java.time.Duration;
import java.time.Instant;

/**
 * Durations as {@code kubectl get} shows them, with the precision rules of upstream's {@code
 * duration.HumanDuration}: about two significant figures ({@code 45s}, {@code 2m30s}, {@code 17m},
 * {@code 5h7m}, {@code 30h}, {@code 3d4h}, {@code 45d}, {@code 2y40d}, {@code 9y}). Stateless.
 */
public final class HumanDuration {

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  private HumanDuration() {}

  /**
   * Formats a duration. Up to one second in the future reads {@code 0s} (clock skew between
   * machines); further in the future reads {@code <invalid>}.
   */
  public static String format(Duration d) {
    long nanos = saturatedNanos(d);
    // Go's integer conversions truncate toward zero, as Java's division does.
    long seconds = nanos / SECOND;
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = nanos / MINUTE;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = nanos / HOUR;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The time elapsed from {@code then} to {@code now}, formatted. */
  public static String since(Instant then, Instant now) {
    return format(Duration.between(then, now));
  }

  /** Go's durations are nanoseconds in an int64 and saturate at its bounds (about 292 years). */
  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
