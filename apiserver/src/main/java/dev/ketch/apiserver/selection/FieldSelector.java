package dev.ketch.apiserver.selection;

import dev.ketch.apiserver.errors.StatusException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A field selector: the {@code fieldSelector} query parameter, with the syntax, matching and
 * canonical text of Kubernetes' {@code fields} package. Terms are {@code field=value}, {@code
 * field==value} or {@code field!=value}, ANDed by commas; in values, {@code \,} {@code \=} and
 * {@code \\} stand for the characters themselves. Field names are not checked here: {@link
 * SelectableFields#parse} checks them against a resource. Immutable and thread-safe.
 */
public final class FieldSelector {

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<FieldRequirement> requirements;

  private FieldSelector(List<FieldRequirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector that matches every object. */
  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /** A selector of exactly these terms, in this order. */
  public static FieldSelector of(List<FieldRequirement> requirements) {
    return requirements.isEmpty() ? EVERYTHING : new FieldSelector(requirements);
  }

  /**
   * Parses the syntax. Terms come out sorted by their text, as upstream sorts them before parsing;
   * empty terms are skipped, so a null or empty text selects everything.
   *
   * @throws StatusException 400 BadRequest with upstream's message: {@code invalid selector:
   *     '<text>'; can't understand '<term>'}, {@code invalid field selector: invalid escape
   *     sequence: \x} or {@code invalid field selector: unescaped character in value: 61}
   */
  public static FieldSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    List<String> terms = splitTerms(text);
    Collections.sort(terms);
    List<FieldRequirement> requirements = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      requirements.add(parseTerm(text, term));
    }
    return of(requirements);
  }

  /** Splits on commas that are not escaped; the escapes stay in the terms. */
  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(text.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(text.substring(start));
    return terms;
  }

  /** The field name is taken up to the first operator: names cannot be escaped. */
  private static FieldRequirement parseTerm(String text, String term) {
    for (int i = 0; i < term.length(); i++) {
      String rest = term.substring(i);
      String operator = rest.startsWith("!=") ? "!=" : rest.startsWith("==") ? "==" : rest.startsWith("=") ? "=" : null;
      if (operator != null) {
        String value = unescape(term.substring(i + operator.length()));
        return new FieldRequirement(term.substring(0, i), operator.equals("!="), value);
      }
    }
    throw StatusException.badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    boolean inSlash = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw StatusException.badRequest(
              "invalid field selector: invalid escape sequence: \\" + new String(Character.toChars(c)));
        }
        sb.appendCodePoint(c);
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        // Upstream prints the rune with %v, which is its number: 61 for '='.
        throw StatusException.badRequest("invalid field selector: unescaped character in value: " + c);
      } else {
        sb.appendCodePoint(c);
      }
    }
    if (inSlash) {
      throw StatusException.badRequest("invalid field selector: invalid escape sequence: \\");
    }
    return sb.toString();
  }

  /** A value escaped for use in a selector: {@code \} {@code ,} and {@code =} get a backslash. */
  public static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** Whether an object with these selectable fields is selected. */
  public boolean matches(Map<String, String> fields) {
    for (FieldRequirement r : requirements) {
      if (!r.matches(fields)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the selector selects every object. */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** The terms, sorted by their original text. */
  public List<FieldRequirement> requirements() {
    return requirements;
  }

  /**
   * The value a field must have for the selector to match, when an {@code =} term pins one: lets a
   * store narrow a scan by an index (e.g. {@code metadata.name}).
   */
  public Optional<String> requiresExactMatch(String field) {
    for (FieldRequirement r : requirements) {
      if (!r.negated() && r.field().equals(field)) {
        return Optional.of(r.value());
      }
    }
    return Optional.empty();
  }

  /** The canonical text: terms joined by commas, values escaped; empty for everything. */
  @Override
  public String toString() {
    return String.join(",", requirements.stream().map(FieldRequirement::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requirements);
  }
}
