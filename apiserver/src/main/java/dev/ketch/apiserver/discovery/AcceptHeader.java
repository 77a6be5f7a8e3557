package dev.ketch.apiserver.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP {@code Accept} header, parsed into media ranges in the order a server should try them:
 * highest quality first, and among equal qualities the order the client wrote them (which is how
 * client-go expresses preference, e.g. aggregated discovery before plain JSON).
 *
 * <p>Parameters other than {@code q} are kept, because Kubernetes negotiates on them ({@code
 * g}, {@code v}, {@code as}). A missing or blank header means {@code *}{@code /*}. Immutable and
 * thread-safe.
 *
 * @param ranges the media ranges, best first; never empty
 */
public record AcceptHeader(List<MediaRange> ranges) {

  /** What a missing header means: anything. */
  public static final AcceptHeader ANY = new AcceptHeader(List.of(new MediaRange("*", "*", Map.of(), 1.0)));

  public AcceptHeader {
    ranges = List.copyOf(ranges);
  }

  /**
   * One media range of the header.
   *
   * @param type the type, lower case, or {@code *}
   * @param subtype the subtype, lower case, or {@code *}
   * @param params the parameters except {@code q}; keys lower case, values as written
   * @param quality the {@code q} value, 0 to 1
   */
  public record MediaRange(String type, String subtype, Map<String, String> params, double quality) {

    public MediaRange {
      params = Map.copyOf(params);
    }

    /** Whether this range admits {@code type/subtype}, wildcards included. */
    public boolean admits(String type, String subtype) {
      return (this.type.equals("*") || this.type.equalsIgnoreCase(type))
          && (this.subtype.equals("*") || this.subtype.equalsIgnoreCase(subtype));
    }

    /**
     * Whether the range asks for a particular representation through its parameters (anything but
     * q and charset, e.g. {@code as=Table} or {@code stream=watch}); such a range admits only what
     * honours them.
     */
    public boolean hasParams() {
      return params.keySet().stream().anyMatch(k -> !k.equals("charset"));
    }

    public Optional<String> param(String name) {
      return Optional.ofNullable(params.get(name));
    }
  }

  /**
   * Parses a header. Malformed ranges are skipped rather than rejected, as Go's goautoneg does; a
   * header with nothing usable means anything.
   */
  public static AcceptHeader parse(String header) {
    if (header == null || header.isBlank()) {
      return ANY;
    }
    List<MediaRange> out = new ArrayList<>();
    for (String clause : splitOutsideQuotes(header, ',')) {
      parseRange(clause).ifPresent(out::add);
    }
    if (out.isEmpty()) {
      return ANY;
    }
    // List.sort is stable: equal qualities keep the client's order.
    out.sort(Comparator.comparingDouble(MediaRange::quality).reversed());
    return new AcceptHeader(out);
  }

  /**
   * The first of {@code offered} media types (each {@code type/subtype}, without parameters) that
   * a range without representation parameters admits, trying ranges best first; ranges with
   * quality 0 refuse.
   */
  public Optional<String> firstAdmitted(List<String> offered) {
    for (MediaRange range : ranges) {
      if (range.quality() <= 0 || range.hasParams()) {
        continue;
      }
      for (String candidate : offered) {
        int slash = candidate.indexOf('/');
        if (range.admits(candidate.substring(0, slash), candidate.substring(slash + 1))) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<MediaRange> parseRange(String clause) {
    List<String> parts = splitOutsideQuotes(clause, ';');
    String mediaType = parts.getFirst().trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals("*")) {
      mediaType = "*/*";
    }
    int slash = mediaType.indexOf('/');
    if (slash <= 0 || slash == mediaType.length() - 1) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    double quality = 1.0;
    for (String part : parts.subList(1, parts.size())) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(part.substring(eq + 1).trim());
      if (key.equals("q")) {
        quality = parseQuality(value);
      } else {
        params.put(key, value);
      }
    }
    return Optional.of(new MediaRange(mediaType.substring(0, slash), mediaType.substring(slash + 1), params, quality));
  }

  private static double parseQuality(String value) {
    try {
      double q = Double.parseDouble(value);
      return Math.max(0, Math.min(1, q));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
