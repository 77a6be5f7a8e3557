package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads PATCH request bodies into JSON trees with the shared mapper, the way kube-apiserver's
 * decoder reads them: JSON only, one value, a repeated key keeps its last value, and unreadable
 * input is described in Go's words. Thread-safe.
 */
final class PatchBodies {

  private static final ObjectReader READER =
      Json.mapper()
          .reader()
          .without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PatchBodies() {}

  /** A body that is not JSON; the message is the one Go's decoder gives. */
  static final class MalformedJson extends Exception {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The body as a tree; JSON {@code null} comes back as a {@code NullNode}.
   *
   * @throws MalformedJson if it is empty or not one JSON value
   */
  /** The body as JSON, or a 400 worded as kube-apiserver words an undecodable patch. */
  static JsonNode readOrBadRequest(byte[] body) {
    try {
      return read(body);
    } catch (MalformedJson e) {
      throw PatchErrors.badRequest("error decoding patch: " + e.getMessage());
    }
  }

  static JsonNode read(byte[] body) throws MalformedJson {
    JsonNode tree;
    try {
      tree = READER.readTree(body);
    } catch (JsonProcessingException e) {
      // Go reads a few inputs Jackson refuses (invalid UTF-8 in strings, numbers out of range)
      throw new MalformedJson(GoJsonSyntax.error(body).orElse(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new MalformedJson("unexpected end of JSON input");
    }
    return tree;
  }
}
