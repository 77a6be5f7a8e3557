package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.openapi.PathItem.Operation;
import dev.ketch.apiserver.openapi.PathItem.Parameter;
import dev.ketch.apiserver.openapi.PathItem.Response;
import dev.ketch.apiserver.openapi.SchemaWriter.Dialect;
import java.util.Collection;
import java.util.List;

/**
 * Writes the Swagger 2.0 document of the whole API, as {@code /openapi/v2} serves it (in JSON, and
 * as protobuf through {@link SwaggerProtobuf}). kubectl up to 1.28 needs it for validation and
 * explain, and reads the {@code consumes} of PATCH operations to decide whether a kind takes
 * strategic merge patches. Stateless; thread-safe.
 */
final class SwaggerV2Writer {

  private SwaggerV2Writer() {}

  static ObjectNode document(String version, List<PathItem> paths, Collection<Definition> definitions) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("swagger", "2.0");
    root.putObject("info").put("title", "Kubernetes").put("version", version);
    ObjectNode pathsNode = root.putObject("paths");
    for (PathItem item : paths) {
      pathsNode.set(item.path(), pathItem(item));
    }
    ObjectNode defs = root.putObject("definitions");
    for (Definition d : definitions) {
      defs.set(d.name(), SchemaWriter.definition(d, Dialect.V2));
    }
    return root;
  }

  private static ObjectNode pathItem(PathItem item) {
    ObjectNode node = Json.mapper().createObjectNode();
    for (Operation op : item.operations()) {
      node.set(op.method(), operation(op));
    }
    if (!item.parameters().isEmpty()) {
      ArrayNode params = node.putArray("parameters");
      item.parameters().forEach(p -> params.add(parameter(p)));
    }
    return node;
  }

  private static ObjectNode operation(Operation op) {
    ObjectNode node = Json.mapper().createObjectNode();
    strings(node.putArray("consumes"), op.body() != null ? op.body().contentTypes() : OperationPlanner.ANY);
    node.put("description", op.description());
    node.put("operationId", op.operationId());
    ArrayNode params = null;
    if (op.body() != null) {
      params = node.putArray("parameters");
      ObjectNode body = params.addObject();
      body.put("in", "body").put("name", "body");
      if (op.body().required()) {
        body.put("required", true);
      }
      body.set("schema", SchemaWriter.shape(op.body().schema(), Dialect.V2));
    }
    for (Parameter p : op.parameters()) {
      (params == null ? params = node.putArray("parameters") : params).add(parameter(p));
    }
    strings(node.putArray("produces"), op.produces());
    ObjectNode responses = node.putObject("responses");
    for (Response r : op.responses()) {
      ObjectNode response = responses.putObject(Integer.toString(r.code()));
      response.put("description", r.description());
      if (r.schema() != null) {
        response.set("schema", SchemaWriter.shape(r.schema(), Dialect.V2));
      }
    }
    strings(node.putArray("schemes"), List.of("https"));
    strings(node.putArray("tags"), List.of(op.tag()));
    if (op.action() != null) {
      node.put("x-kubernetes-action", op.action());
    }
    if (op.kind() != null) {
      node.set(SchemaWriter.GVK, SchemaWriter.kind(op.kind()));
    }
    return node;
  }

  private static ObjectNode parameter(Parameter p) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("description", p.description());
    node.put("in", p.in().wire());
    node.put("name", p.name());
    if (p.required()) {
      node.put("required", true);
    }
    node.put("type", p.type());
    node.put("uniqueItems", true);
    return node;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
