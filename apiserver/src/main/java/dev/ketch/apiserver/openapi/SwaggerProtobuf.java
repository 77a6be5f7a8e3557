package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import dev.ketch.apiserver.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 JSON document as the protobuf message {@code openapi.v2.Document} of
 * gnostic (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto), the form in which
 * client-go asks for {@code /openapi/v2}: {@code
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf}. kube-apiserver produces it the
 * same way, from its JSON document.
 *
 * <p>The field numbers below are gnostic's. Vendor extensions ({@code x-…}) become {@code
 * NamedAny} entries whose {@code Any.yaml} holds the value written as JSON, which is valid YAML
 * and what kubectl parses (it reads {@code x-kubernetes-group-version-kind} from there). Proto3
 * leaves default scalars out; messages are always written when the JSON has them, since Go
 * readers test message presence ({@code properties} present makes an object a "kind").
 *
 * <p>Covers what the server's documents contain; anything else fails loudly rather than being
 * dropped. Stateless; thread-safe.
 */
final class SwaggerProtobuf {

  private SwaggerProtobuf() {}

  /** The protobuf bytes of a Swagger 2.0 document. */
  static byte[] encode(JsonNode swagger) {
    return document(swagger).bytes();
  }

  private static Msg document(JsonNode doc) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : doc.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "swagger" -> m.string(1, v.asText());
        case "info" -> m.message(2, info(v));
        case "host" -> m.string(3, v.asText());
        case "basePath" -> m.string(4, v.asText());
        case "schemes" -> m.strings(5, v);
        case "consumes" -> m.strings(6, v);
        case "produces" -> m.strings(7, v);
        case "paths" -> m.message(8, paths(v));
        case "definitions" -> m.message(9, named(v, 1, SwaggerProtobuf::schema));
        default -> m.extensionOr(16, e, "Document");
      }
    }
    return m;
  }

  private static Msg info(JsonNode info) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : info.properties()) {
      switch (e.getKey()) {
        case "title" -> m.string(1, e.getValue().asText());
        case "version" -> m.string(2, e.getValue().asText());
        case "description" -> m.string(3, e.getValue().asText());
        default -> m.extensionOr(7, e, "Info");
      }
    }
    return m;
  }

  private static Msg paths(JsonNode paths) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : paths.properties()) {
      if (e.getKey().startsWith("x-")) {
        m.message(1, namedAny(e));
      } else {
        m.message(2, new Msg().string(1, e.getKey()).message(2, pathItem(e.getValue())));
      }
    }
    return m;
  }

  private static Msg pathItem(JsonNode item) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : item.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "$ref" -> m.string(1, v.asText());
        case "get" -> m.message(2, operation(v));
        case "put" -> m.message(3, operation(v));
        case "post" -> m.message(4, operation(v));
        case "delete" -> m.message(5, operation(v));
        case "options" -> m.message(6, operation(v));
        case "head" -> m.message(7, operation(v));
        case "patch" -> m.message(8, operation(v));
        case "parameters" -> v.forEach(p -> m.message(9, parametersItem(p)));
        default -> m.extensionOr(10, e, "PathItem");
      }
    }
    return m;
  }

  private static Msg operation(JsonNode op) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : op.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "tags" -> m.strings(1, v);
        case "summary" -> m.string(2, v.asText());
        case "description" -> m.string(3, v.asText());
        case "operationId" -> m.string(5, v.asText());
        case "produces" -> m.strings(6, v);
        case "consumes" -> m.strings(7, v);
        case "parameters" -> v.forEach(p -> m.message(8, parametersItem(p)));
        case "responses" -> m.message(9, responses(v));
        case "schemes" -> m.strings(10, v);
        case "deprecated" -> m.bool(11, v.asBoolean());
        default -> m.extensionOr(13, e, "Operation");
      }
    }
    return m;
  }

  /** ParametersItem: oneof parameter (1) or json_reference (2). */
  private static Msg parametersItem(JsonNode p) {
    if (p.has("$ref")) {
      return new Msg().message(2, new Msg().string(1, p.get("$ref").asText()));
    }
    String in = p.path("in").asText();
    Msg parameter =
        in.equals("body")
            ? new Msg().message(1, bodyParameter(p))
            : new Msg().message(2, new Msg().message(nonBodyField(in), nonBodyParameter(p, in)));
    return new Msg().message(1, parameter);
  }

  private static Msg bodyParameter(JsonNode p) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "description" -> m.string(1, v.asText());
        case "name" -> m.string(2, v.asText());
        case "in" -> m.string(3, v.asText());
        case "required" -> m.bool(4, v.asBoolean());
        case "schema" -> m.message(5, schema(v));
        default -> m.extensionOr(6, e, "BodyParameter");
      }
    }
    return m;
  }

  /** NonBodyParameter: header (1), formData (2), query (3) or path (4) sub-schema. */
  private static int nonBodyField(String in) {
    return switch (in) {
      case "header" -> 1;
      case "formData" -> 2;
      case "query" -> 3;
      case "path" -> 4;
      default -> throw new IllegalArgumentException("parameter in " + in);
    };
  }

  private static Msg nonBodyParameter(JsonNode p, String in) {
    // Query and form-data sub-schemas have allow_empty_value at 5, which shifts the fields after
    // it by one relative to the path and header sub-schemas.
    int shift = in.equals("query") || in.equals("formData") ? 1 : 0;
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "required" -> m.bool(1, v.asBoolean());
        case "in" -> m.string(2, v.asText());
        case "description" -> m.string(3, v.asText());
        case "name" -> m.string(4, v.asText());
        case "allowEmptyValue" -> m.bool(requireShift(shift, 5), v.asBoolean());
        case "type" -> m.string(5 + shift, v.asText());
        case "format" -> m.string(6 + shift, v.asText());
        case "uniqueItems" -> m.bool(19 + shift, v.asBoolean());
        default -> m.extensionOr(22 + shift, e, in + " parameter");
      }
    }
    return m;
  }

  private static int requireShift(int shift, int field) {
    if (shift == 0) {
      throw new IllegalArgumentException("allowEmptyValue on a path or header parameter");
    }
    return field;
  }

  private static Msg responses(JsonNode responses) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : responses.properties()) {
      if (e.getKey().startsWith("x-")) {
        m.message(2, namedAny(e));
      } else {
        Msg value = new Msg().message(1, response(e.getValue()));
        m.message(1, new Msg().string(1, e.getKey()).message(2, value));
      }
    }
    return m;
  }

  private static Msg response(JsonNode r) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : r.properties()) {
      switch (e.getKey()) {
        case "description" -> m.string(1, e.getValue().asText());
        case "schema" -> m.message(2, new Msg().message(1, schema(e.getValue())));
        default -> m.extensionOr(5, e, "Response");
      }
    }
    return m;
  }

  private static Msg schema(JsonNode s) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "$ref" -> m.string(1, v.asText());
        case "format" -> m.string(2, v.asText());
        case "title" -> m.string(3, v.asText());
        case "description" -> m.string(4, v.asText());
        case "maxLength" -> m.int64(11, v.asLong());
        case "minLength" -> m.int64(12, v.asLong());
        case "pattern" -> m.string(13, v.asText());
        case "uniqueItems" -> m.bool(16, v.asBoolean());
        case "required" -> m.strings(19, v);
        case "additionalProperties" ->
            m.message(21, v.isBoolean() ? new Msg().bool(2, v.asBoolean()) : new Msg().message(1, schema(v)));
        case "type" -> m.message(22, new Msg().strings(1, v.isArray() ? v : Json.mapper().createArrayNode().add(v)));
        case "items" -> {
          Msg items = new Msg();
          (v.isArray() ? v : Json.mapper().createArrayNode().add(v)).forEach(i -> items.message(1, schema(i)));
          m.message(23, items);
        }
        case "allOf" -> v.forEach(a -> m.message(24, schema(a)));
        case "properties" -> m.message(25, named(v, 1, SwaggerProtobuf::schema));
        case "readOnly" -> m.bool(27, v.asBoolean());
        default -> m.extensionOr(31, e, "Schema");
      }
    }
    return m;
  }

  /** A message of repeated {@code Named…} entries (name 1, value 2) at {@code field}. */
  private static Msg named(JsonNode map, int field, java.util.function.Function<JsonNode, Msg> value) {
    Msg m = new Msg();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      m.message(field, new Msg().string(1, e.getKey()).message(2, value.apply(e.getValue())));
    }
    return m;
  }

  /** NamedAny {name 1, value 2: Any {yaml 2}}. */
  private static Msg namedAny(Map.Entry<String, JsonNode> e) {
    return new Msg().string(1, e.getKey()).message(2, new Msg().string(2, e.getValue().toString()));
  }

  /** One protobuf message being written. */
  private static final class Msg {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    Msg string(int field, String value) {
      return write(() -> {
        if (!value.isEmpty()) {
          out.writeString(field, value);
        }
      });
    }

    Msg strings(int field, JsonNode array) {
      array.forEach(v -> string(field, v.asText()));
      return this;
    }

    Msg bool(int field, boolean value) {
      return write(() -> {
        if (value) {
          out.writeBool(field, true);
        }
      });
    }

    Msg int64(int field, long value) {
      return write(() -> {
        if (value != 0) {
          out.writeInt64(field, value);
        }
      });
    }

    Msg message(int field, Msg message) {
      byte[] bytes = message.bytes();
      return write(() -> out.writeByteArray(field, bytes));
    }

    /** A vendor extension at {@code field}, or a failure for any other unknown key. */
    Msg extensionOr(int field, Map.Entry<String, JsonNode> e, String where) {
      if (!e.getKey().startsWith("x-")) {
        throw new IllegalArgumentException("cannot encode \"" + e.getKey() + "\" of a " + where);
      }
      return message(field, namedAny(e));
    }

    byte[] bytes() {
      write(out::flush);
      return buffer.toByteArray();
    }

    private Msg write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
