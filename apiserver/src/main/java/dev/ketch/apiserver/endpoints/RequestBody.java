package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Request bodies to JSON trees: JSON, YAML, and (through a {@link ProtobufDecoder}) the protobuf
 * envelope newer kubectl sends. Duplicate fields are refused in Strict field validation and
 * resolved last-wins otherwise, as kube-apiserver does.
 */
final class RequestBody {

  /** Decodes Kubernetes' protobuf envelope into the JSON form of the object. */
  @FunctionalInterface
  interface ProtobufDecoder {
    ObjectNode decode(byte[] body);
  }

  private static final ObjectReader JSON_STRICT = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectReader JSON_LENIENT = Json.mapper().reader().without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectReader YAML_STRICT = Json.yaml().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectReader YAML_LENIENT = Json.yaml().reader().without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private RequestBody() {}

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "application/json";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Whether a Content-Type is Kubernetes' protobuf encoding. */
  static boolean isProtobuf(String contentType) {
    return mediaType(contentType).equals(PROTOBUF);
  }

  /** The body as an object tree. */
  static ObjectNode object(byte[] body, String contentType, boolean strict, ProtobufDecoder protobuf) {
    String media = mediaType(contentType);
    if (body.length == 0) {
      throw StatusException.badRequest("the request body is empty");
    }
    JsonNode tree = switch (media) {
      case "application/json", "*/*" -> parse(strict ? JSON_STRICT : JSON_LENIENT, body, "json");
      case "application/yaml", "application/x-yaml", "text/yaml" -> parse(strict ? YAML_STRICT : YAML_LENIENT, body, "yaml");
      case PROTOBUF -> {
        if (protobuf == null) {
          throw StatusException.unsupportedMediaType(contentType);
        }
        yield protobuf.decode(body);
      }
      default -> throw StatusException.unsupportedMediaType(contentType);
    };
    if (!(tree instanceof ObjectNode o)) {
      throw StatusException.badRequest("the request body must be a JSON object");
    }
    return o;
  }

  /** A patch document (any JSON value: JSON patches are arrays). */
  static JsonNode patch(byte[] body, boolean yaml) {
    if (body.length == 0) {
      throw StatusException.badRequest("the request body is empty");
    }
    return parse(yaml ? YAML_LENIENT : JSON_LENIENT, body, yaml ? "yaml" : "json");
  }

  private static JsonNode parse(ObjectReader reader, byte[] body, String format) {
    try {
      JsonNode n = reader.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw StatusException.badRequest("the request body is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Duplicate field")) {
        throw StatusException.badRequest("strict decoding error: " + m.replace("Duplicate field", "duplicate field"));
      }
      throw StatusException.badRequest("error decoding " + format + ": " + m);
    } catch (IOException e) {
      throw StatusException.badRequest("error reading the request body: " + e.getMessage());
    }
  }

  /** Applies field validation: refuses or reports unknown fields, and drops them. */
  static List<String> validateFields(ObjectNode body, Class<?> modelClass, FieldValidation.Mode mode) {
    if (mode == FieldValidation.Mode.IGNORE) {
      FieldValidation.removeUnknown(body, modelClass);
      return List.of();
    }
    List<String> unknown = FieldValidation.removeUnknown(body, modelClass);
    if (unknown.isEmpty()) {
      return List.of();
    }
    List<String> messages = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    if (mode == FieldValidation.Mode.STRICT) {
      throw StatusException.badRequest("strict decoding error: " + String.join(", ", messages));
    }
    return messages;
  }
}
