package dev.ketch.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * The terminal size messages of the resize stream: JSON objects {@code {"Width":80,"Height":24}},
 * one after another.
 */
final class ResizeEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResizeEvents() {}

  /** Calls {@code resize} with width and height for each complete object in {@code bytes}. */
  static void parse(byte[] bytes, BiConsumer<Integer, Integer> resize) {
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(bytes)) {
      while (it.hasNextValue()) {
        JsonNode size = it.nextValue();
        resize.accept(size.path("Width").asInt(0), size.path("Height").asInt(0));
      }
    } catch (IOException | RuntimeException e) {
      // A malformed size is ignored, as upstream does.
    }
  }
}
