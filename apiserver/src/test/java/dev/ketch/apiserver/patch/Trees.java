package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixtures written as YAML or JSON text, read with the shared mappers. */
final class Trees {

  private Trees() {}

  static JsonNode yaml(String text) {
    try {
      JsonNode tree = Json.yaml().readTree(text);
      return tree == null || tree.isMissingNode() ? Json.mapper().nullNode() : tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    return Json.tree(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** YAML text as the JSON bytes a client would send. */
  static byte[] body(String yaml) {
    return Json.bytes(yaml(yaml));
  }
}
