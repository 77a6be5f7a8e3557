package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.openapi.Shape.ArrayOf;
import dev.ketch.apiserver.openapi.Shape.MapOf;
import dev.ketch.apiserver.openapi.Shape.Primitive;
import dev.ketch.apiserver.openapi.Shape.Ref;
import dev.ketch.apiserver.openapi.Shape.Unknown;
import java.util.Map;

/**
 * Writes definitions and shapes as JSON schema objects in the spelling of one OpenAPI version,
 * following kube-openapi's output:
 *
 * <ul>
 *   <li>v2 refers with {@code #/definitions/…} and puts a field's description beside {@code
 *       $ref}; v3 refers with {@code #/components/schemas/…} and wraps a described reference in
 *       {@code allOf}.
 *   <li>IntOrString is {@code type: string, format: int-or-string} in v2 and a {@code oneOf}
 *       integer or string (with {@code x-kubernetes-int-or-string}) in v3; Quantity is a string
 *       in v2 and a {@code oneOf} string or number in v3; timestamps are date-time strings.
 *   <li>Untyped values carry {@code x-kubernetes-preserve-unknown-fields} and no type, which
 *       kubectl's v2 reader treats as "anything" and its validator accepts whatever it finds.
 * </ul>
 *
 * Stateless; thread-safe.
 */
final class SchemaWriter {

  /** The two spellings. */
  enum Dialect {
    V2("#/definitions/"),
    V3("#/components/schemas/");

    final String refPrefix;

    Dialect(String refPrefix) {
      this.refPrefix = refPrefix;
    }
  }

  static final String GVK = "x-kubernetes-group-version-kind";
  static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";

  private SchemaWriter() {}

  /** The schema of a named definition. */
  static ObjectNode definition(Definition d, Dialect dialect) {
    ObjectNode node = Json.mapper().createObjectNode();
    if (d.description() != null) {
      node.put("description", d.description());
    }
    switch (d.form()) {
      case OBJECT -> {
        ObjectNode properties = node.putObject("properties");
        for (Property p : d.properties()) {
          properties.set(p.name(), property(p.shape(), p.description(), p.extensions(), dialect));
        }
        if (!d.required().isEmpty()) {
          ArrayNode required = node.putArray("required");
          d.required().forEach(required::add);
        }
        node.put("type", "object");
      }
      case FREE_OBJECT -> node.put("type", "object").put(PRESERVE, true);
      case INT_OR_STRING -> {
        node.put("format", "int-or-string");
        if (dialect == Dialect.V2) {
          node.put("type", "string");
        } else {
          ArrayNode oneOf = node.putArray("oneOf");
          oneOf.addObject().put("type", "integer");
          oneOf.addObject().put("type", "string");
          node.put("x-kubernetes-int-or-string", true);
        }
      }
      case QUANTITY -> {
        if (dialect == Dialect.V2) {
          node.put("type", "string");
        } else {
          ArrayNode oneOf = node.putArray("oneOf");
          oneOf.addObject().put("type", "string");
          oneOf.addObject().put("type", "number");
        }
      }
      case DATE_TIME -> node.put("format", "date-time").put("type", "string");
      case STRING -> node.put("type", "string");
    }
    if (!d.kinds().isEmpty()) {
      ArrayNode kinds = node.putArray(GVK);
      for (GroupVersionKind k : d.kinds()) {
        kinds.add(kind(k));
      }
    }
    return node;
  }

  /** The {@code x-kubernetes-group-version-kind} object of one kind. */
  static ObjectNode kind(GroupVersionKind k) {
    return Json.mapper().createObjectNode().put("group", k.group()).put("kind", k.kind()).put("version", k.version());
  }

  /** The schema of a value of a shape, with no description. */
  static ObjectNode shape(Shape shape, Dialect dialect) {
    return property(shape, null, Map.of(), dialect);
  }

  /** The schema of a field: its shape, description and vendor extensions. */
  static ObjectNode property(Shape shape, String description, Map<String, JsonNode> extensions, Dialect dialect) {
    ObjectNode node = Json.mapper().createObjectNode();
    switch (shape) {
      case Ref r -> {
        String ref = dialect.refPrefix + r.definition();
        boolean plain = description == null && extensions.isEmpty();
        if (dialect == Dialect.V3 && !plain) {
          node.putArray("allOf").addObject().put("$ref", ref);
        } else {
          node.put("$ref", ref);
        }
        describe(node, description);
      }
      case Primitive p -> {
        describe(node, description);
        if (p.format() != null) {
          node.put("format", p.format());
        }
        node.put("type", p.type());
      }
      case ArrayOf a -> {
        describe(node, description);
        node.set("items", shape(a.items(), dialect));
        node.put("type", "array");
      }
      case MapOf m -> {
        node.set("additionalProperties", shape(m.values(), dialect));
        describe(node, description);
        node.put("type", "object");
      }
      case Unknown u -> {
        describe(node, description);
        node.put(PRESERVE, true);
      }
    }
    extensions.forEach(node::set);
    return node;
  }

  private static void describe(ObjectNode node, String description) {
    if (description != null) {
      node.put("description", description);
    }
  }
}
