package dev.ketch.controllers.time;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API writes them: RFC 3339, whole seconds, UTC ({@code metav1.Time}). */
public final class Timestamps {

  private Timestamps() {}

  public static String format(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** With microseconds ({@code metav1.MicroTime}), as Leases and trigger-time annotations carry. */
  public static String formatMicros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS).toString();
  }
}
