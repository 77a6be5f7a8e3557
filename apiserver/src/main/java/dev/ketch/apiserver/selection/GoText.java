package dev.ketch.apiserver.selection;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Text formatting that reproduces what kube-apiserver's Go code prints, so that error messages read
 * the same byte for byte: quoted strings as Go's {@code %q}, field errors as {@code field.Error},
 * several errors as an aggregate. Stateless.
 */
final class GoText {

  private GoText() {}

  /** A string quoted as Go's {@code strconv.Quote} does: escapes, not Java's {@code "..."}. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendQuoted(sb, cp));
    return sb.append('"').toString();
  }

  private static void appendQuoted(StringBuilder sb, int cp) {
    switch (cp) {
      case '"' -> sb.append("\\\"");
      case '\\' -> sb.append("\\\\");
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0b -> sb.append("\\v");
      default -> {
        if (cp < 0x20 || cp == 0x7f) {
          sb.append(String.format("\\x%02x", cp));
        } else if (cp < 0x80 || printable(cp)) {
          sb.appendCodePoint(cp);
        } else if (cp < 0x10000) {
          sb.append(String.format("\\u%04x", cp));
        } else {
          sb.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  private static boolean printable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
          Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /**
   * Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign and ASCII digits within the range of
   * a long; null when the text is not such a number.
   */
  static Long parseInt(String s) {
    if (s == null || !INTEGER.matcher(s).matches()) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");

  /** Go's {@code len(s)}: the length in UTF-8 bytes. */
  static int byteLength(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * A {@code field.Invalid} error as text: {@code <path>: Invalid value: "<value>": <detail>}. A
   * missing path prints as Go prints a nil {@code *field.Path}: {@code <nil>}.
   */
  static String invalid(String path, String value, String detail) {
    return (path == null ? "<nil>" : path) + ": Invalid value: " + quote(value) + ": " + detail;
  }

  /**
   * Several error messages as Go's {@code utilerrors.Aggregate} prints them: one alone, more as
   * {@code [a, b]}, duplicates dropped. Null for none.
   */
  static String aggregate(List<String> messages) {
    Set<String> unique = new LinkedHashSet<>(messages);
    if (unique.isEmpty()) {
      return null;
    }
    if (unique.size() == 1) {
      return unique.iterator().next();
    }
    return "[" + String.join(", ", unique) + "]";
  }
}
