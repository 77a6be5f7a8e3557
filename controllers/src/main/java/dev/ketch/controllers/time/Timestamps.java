package dev.ketch.controllers.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API writes them: RFC 3339, whole seconds, UTC ({@code metav1.Time}). */
public final class Timestamps {

  private Timestamps() {}

  /** The instant of an RFC 3339 timestamp, or null for null, empty or unparseable text. */
  public static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code t} as the API writes a metav1.Time: UTC, whole seconds, e.g. {@code 2025-01-01T00:00:00Z}. */
  public static String format(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** With microseconds ({@code metav1.MicroTime}), as Leases and trigger-time annotations carry. */
  public static String formatMicros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS).toString();
  }
}
