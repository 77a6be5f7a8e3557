package dev.ketch.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Objects written as YAML, and their Table rows at a fixed "now". */
final class Fixtures {

  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();
  static final TableConvertors CONVERTORS = new TableConvertors(Clock.fixed(NOW, ZoneOffset.UTC));

  private Fixtures() {}

  static ResourceType type(String apiVersion, String plural) {
    return CATALOG.byResource(GroupVersion.parse(apiVersion), plural).orElseThrow();
  }

  static TableConvertor convertor(String apiVersion, String plural) {
    return CONVERTORS.forResource(type(apiVersion, plural));
  }

  /** An object in its stored JSON form, written as YAML. */
  static JsonNode yaml(String text) {
    try {
      return Json.mapper().valueToTree(Json.yaml().readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cells of the one row of a stored object's Table. */
  static List<Object> cells(String apiVersion, String plural, String yaml) {
    return convertor(apiVersion, plural).convertStored(yaml(yaml), TableOptions.DEFAULT).rows().getFirst().cells();
  }

  /** Cells as they would print: what kubectl shows with %v. */
  static List<String> printed(String apiVersion, String plural, String yaml) {
    return cells(apiVersion, plural, yaml).stream().map(String::valueOf).toList();
  }
}
