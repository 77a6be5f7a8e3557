package dev.ketch.kubelet.server;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The options of a container log request, as {@code kubectl logs} sends them (PodLogOptions).
 *
 * @param tailLines the last lines only, or -1 for all
 * @param since entries at or after this time only, or null for all
 * @param limitBytes stop after this many bytes, or -1 for no limit
 */
record LogOptions(boolean follow, boolean previous, long tailLines, Instant since, boolean timestamps, long limitBytes) {

  /** @throws IllegalArgumentException for a value that does not parse */
  static LogOptions of(Map<String, List<String>> query, Instant now) {
    Instant since = null;
    String sinceSeconds = first(query, "sinceSeconds");
    String sinceTime = first(query, "sinceTime");
    if (sinceSeconds != null) {
      since = now.minusSeconds(number(sinceSeconds, "sinceSeconds"));
    } else if (sinceTime != null) {
      try {
        since = Instant.parse(sinceTime);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("sinceTime: " + e.getMessage());
      }
    }
    String tail = first(query, "tailLines");
    String limit = first(query, "limitBytes");
    return new LogOptions(flag(query, "follow"), flag(query, "previous"), tail == null ? -1 : number(tail, "tailLines"), since,
        flag(query, "timestamps"), limit == null ? -1 : number(limit, "limitBytes"));
  }

  static boolean flag(Map<String, List<String>> query, String name) {
    String v = first(query, name);
    return v != null && (v.equals("true") || v.equals("1"));
  }

  static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static long number(String value, String name) {
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + value);
    }
  }
}
