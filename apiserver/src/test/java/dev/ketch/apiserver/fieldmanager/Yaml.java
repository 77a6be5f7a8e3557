package dev.ketch.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test objects written as YAML (or JSON) text. */
public final class Yaml {

  private Yaml() {}

  public static JsonNode tree(String text) {
    try {
      JsonNode n = Json.yaml().readTree(text);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode object(String text) {
    return (ObjectNode) tree(text);
  }
}
