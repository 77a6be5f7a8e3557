package dev.ketch.controllers.objects;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The API's RFC 3339 timestamps (metav1.Time, whole seconds, UTC). */
public final class Times {

  private Times() {}

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

  /** {@code instant} as the API writes a metav1.Time: UTC, whole seconds, e.g. {@code 2025-01-01T00:00:00Z}. */
  public static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
