package dev.ketch.apiserver.protobuf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the Go types of the Kubernetes API declare their fields, where the protobuf schema is
 * silent: Go writes a decoded object's JSON by its struct tags and field types, which the
 * {@code .proto} files do not carry. The table is the resource {@code go-fields.txt}; a field it
 * does not list is a non-pointer field tagged {@code omitempty}. Immutable and thread-safe.
 */
final class GoFields {

  /** What Go does with a field when it writes JSON. */
  enum Shape {
    /** A value field tagged omitempty: left out when zero. */
    OMIT_EMPTY,
    /** A pointer: written whenever it was set, even to a zero value. */
    POINTER,
    /** A value field without omitempty: written even when zero. */
    ALWAYS,
    /** An embedded struct tagged {@code json:",inline"}: its fields belong to the parent. */
    INLINE
  }

  private static final String RESOURCE = "go-fields.txt";

  private final Map<String, Map<String, Shape>> byMessage;

  private GoFields(Map<String, Map<String, Shape>> byMessage) {
    this.byMessage = byMessage;
  }

  /** The table shipped with the server. */
  static GoFields builtIn() {
    try (InputStream in = GoFields.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GoFields parse(BufferedReader reader) throws IOException {
    Map<String, Map<String, Shape>> table = new HashMap<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] words = text.split("\\s+");
      if (words.length < 3) {
        throw new IllegalArgumentException(RESOURCE + ":" + number + ": expected <message> <shape> <field>...");
      }
      Shape shape = switch (words[1].toLowerCase(Locale.ROOT)) {
        case "pointer" -> Shape.POINTER;
        case "always" -> Shape.ALWAYS;
        case "inline" -> Shape.INLINE;
        default -> throw new IllegalArgumentException(RESOURCE + ":" + number + ": unknown shape " + words[1]);
      };
      Map<String, Shape> fields = table.computeIfAbsent(words[0], m -> new HashMap<>());
      for (int i = 2; i < words.length; i++) {
        if (fields.put(words[i], shape) != null) {
          throw new IllegalArgumentException(RESOURCE + ":" + number + ": " + words[0] + "." + words[i] + " listed twice");
        }
      }
    }
    Map<String, Map<String, Shape>> frozen = new HashMap<>();
    table.forEach((message, fields) -> frozen.put(message, Map.copyOf(fields)));
    return new GoFields(Map.copyOf(frozen));
  }

  /** The shape of a field of a message, both named as in the protobuf schema. */
  Shape shape(String message, String field) {
    Map<String, Shape> fields = byMessage.get(message);
    Shape s = fields == null ? null : fields.get(field);
    return s == null ? Shape.OMIT_EMPTY : s;
  }

  /** The messages the table names, for checking it against the schema. */
  Set<String> messages() {
    return byMessage.keySet();
  }

  /** The fields of a message the table names. */
  Map<String, Shape> fields(String message) {
    return byMessage.getOrDefault(message, Map.of());
  }
}
