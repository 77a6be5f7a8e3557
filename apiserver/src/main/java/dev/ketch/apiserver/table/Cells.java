package dev.ketch.apiserver.table;

import dev.ketch.apiserver.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Cell formatting shared by the printers, each as upstream's helper of the same purpose. */
final class Cells {

  /** Go's zero time, which upstream treats as "no time". */
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private Cells() {}

  /** A timestamp field as an instant; null for a missing, zero or unreadable one. */
  static Instant time(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      Instant t = OffsetDateTime.parse(timestamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return t.equals(GO_ZERO) ? null : t;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Upstream's {@code translateTimestampSince}: the age, or {@code <unknown>} without a time. */
  static String age(String timestamp, Instant now) {
    return since(time(timestamp), now);
  }

  static String since(Instant then, Instant now) {
    return then == null ? "<unknown>" : HumanDuration.since(then, now);
  }

  /** A creation time as upstream's default convertor prints it: RFC 3339 in UTC, whole seconds. */
  static String createdAt(String timestamp) {
    Instant t = time(timestamp);
    return DateTimeFormatter.ISO_INSTANT.format((t == null ? GO_ZERO : t).truncatedTo(ChronoUnit.SECONDS));
  }

  /** Upstream's {@code labels.FormatLabels}: {@code k=v} sorted by key, or {@code <none>}. */
  static String labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return "<none>";
    }
    return new TreeMap<>(labels).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** Upstream's {@code metav1.FormatLabelSelector}: {@code <none>} when empty, {@code <error>} when invalid. */
  static String labelSelector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    try {
      String s = LabelSelector.fromModel(selector).toString();
      return s.isEmpty() ? "<none>" : s;
    } catch (IllegalArgumentException e) {
      return "<error>";
    }
  }

  /** Names and images of containers, each comma-joined (upstream's {@code layoutContainerCells}). */
  static List<Object> containers(List<Container> containers) {
    List<Container> list = list(containers);
    return List.of(
        list.stream().map(c -> str(c.getName())).collect(Collectors.joining(",")),
        list.stream().map(c -> str(c.getImage())).collect(Collectors.joining(",")));
  }

  /** A quantity as written; a missing one is upstream's zero quantity, {@code 0}. */
  static String quantity(Quantity q) {
    if (q == null || q.getAmount() == null) {
      return "0";
    }
    return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }

  /** Upstream's {@code GetAccessModesAsString}: RWO, ROX, RWX, RWOP in that order. */
  static String accessModes(List<String> modes) {
    List<String> present = list(modes);
    StringBuilder sb = new StringBuilder();
    for (String[] m : new String[][] {
        {"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}}) {
      if (present.contains(m[0])) {
        sb.append(sb.isEmpty() ? "" : ",").append(m[1]);
      }
    }
    return sb.toString();
  }

  /** Go's {@code strings.TrimSpace}: strips Unicode white space (NBSP and NEL included). */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isGoSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isGoSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isGoSpace(char c) {
    return switch (c) {
      case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u0085', '\u00A0' -> true;
      default -> switch (Character.getType(c)) {
        case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
        default -> false;
      };
    };
  }

  static String str(String s) {
    return s == null ? "" : s;
  }

  static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  static long count(Integer n) {
    return n == null ? 0 : n;
  }

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  static <K, V> Map<K, V> map(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
