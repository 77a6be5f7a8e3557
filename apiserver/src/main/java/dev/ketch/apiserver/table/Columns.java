package dev.ketch.apiserver.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Column definitions shared by the printers, and the descriptions upstream takes from the API
 * types' documentation ({@code SwaggerDoc()}), kept in {@code column-descriptions.properties}
 * under keys like {@code core.v1.PodStatus.podIP}.
 */
final class Columns {

  private static final Properties DOCS = load();

  static final Column NAME = new Column("Name", "string", "name", doc("meta.v1.ObjectMeta.name"), 0);
  static final Column AGE = new Column("Age", "string", "", doc("meta.v1.ObjectMeta.creationTimestamp"), 0);
  static final Column CONTAINERS = wide("Containers", "Names of each container in the template.");
  static final Column IMAGES = wide("Images", "Images referenced by each container in the template.");

  private Columns() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Columns.class.getResourceAsStream("column-descriptions.properties")) {
      if (in == null) {
        throw new IllegalStateException("column-descriptions.properties is missing");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** An API field's documentation, e.g. {@code core.v1.PodSpec.nodeName}. */
  static String doc(String key) {
    String value = DOCS.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("no description for " + key);
    }
    return value;
  }

  static Column string(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }

  static Column bool(String name, String description) {
    return new Column(name, "boolean", "", description, 0);
  }

  /** A string column shown only with {@code -o wide}. */
  static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }
}
