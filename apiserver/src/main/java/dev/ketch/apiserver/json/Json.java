package dev.ketch.apiserver.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;

/**
 * The JSON and YAML mappers of the API server, configured once so that every part reads and
 * writes objects the same way: compact JSON, nulls left out, unknown fields kept (the fabric8
 * model collects them in {@code additionalProperties}), null elements of lists and maps read as
 * their type's zero value (as Go reads them), java.time fields (MicroTime) as RFC 3339
 * text, and YAML read with the same rules.
 * Thread-safe.
 */
public final class Json {

  private static final ObjectMapper JSON = configure(new ObjectMapper());
  private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

  private Json() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        // Lease times are java.time values in the model, written in the pattern it declares.
        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // As Go decodes a null element of a list or map: the element type's zero value ("", 0, {}).
        .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.AS_EMPTY))
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  /** The shared JSON mapper; never reconfigure it. */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** The shared YAML mapper; never reconfigure it. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  public static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode toTree(Object value) {
    return JSON.valueToTree(value);
  }

  /**
   * Whether two trees hold the same JSON: like {@link JsonNode#equals}, except that numbers
   * compare by value (a tree built from a long and one read from its text differ in node class).
   */
  public static boolean sameTree(JsonNode a, JsonNode b) {
    return a.equals(SAME_VALUE, b);
  }

  private static final Comparator<JsonNode> SAME_VALUE = (x, y) -> {
    if (x.equals(y)) {
      return 0;
    }
    if (x.isNumber() && y.isNumber()) {
      return x.isIntegralNumber() && y.isIntegralNumber()
          ? x.bigIntegerValue().compareTo(y.bigIntegerValue())
          : x.decimalValue().compareTo(y.decimalValue());
    }
    return 1;
  };

  public static <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return JSON.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
