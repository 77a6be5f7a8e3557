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
 * Writes the OpenAPI 3.0 document of one group version, as {@code /openapi/v3/apis/<g>/<v>}
 * serves it: its paths and, under {@code components.schemas}, every definition they reach.
 * Parameters are written inline on each operation, never as references, because kubectl's
 * QueryParamVerifierV3 only reads inline names. Stateless; thread-safe.
 */
final class OpenApiV3Writer {

  private OpenApiV3Writer() {}

  static ObjectNode document(String version, List<PathItem> paths, Collection<Definition> definitions) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("openapi", "3.0.0");
    root.putObject("info").put("title", "Kubernetes").put("version", version);
    ObjectNode pathsNode = root.putObject("paths");
    for (PathItem item : paths) {
      pathsNode.set(item.path(), pathItem(item));
    }
    ObjectNode schemas = root.putObject("components").putObject("schemas");
    for (Definition d : definitions) {
      schemas.set(d.name(), SchemaWriter.definition(d, Dialect.V3));
    }
    return root;
  }

  private static ObjectNode pathItem(PathItem item) {
    ObjectNode node = Json.mapper().createObjectNode();
    for (Operation op : item.operations()) {
      node.set(op.method(), operation(op));
    }
    if (!item.parameters().isEmpty()) {
      parameters(node.putArray("parameters"), item.parameters());
    }
    return node;
  }

  private static ObjectNode operation(Operation op) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("description", op.description());
    node.put("operationId", op.operationId());
    if (!op.parameters().isEmpty()) {
      parameters(node.putArray("parameters"), op.parameters());
    }
    if (op.body() != null) {
      ObjectNode body = node.putObject("requestBody");
      ObjectNode content = body.putObject("content");
      for (String type : op.body().contentTypes()) {
        content.putObject(type).set("schema", SchemaWriter.shape(op.body().schema(), Dialect.V3));
      }
      if (op.body().required()) {
        body.put("required", true);
      }
    }
    ObjectNode responses = node.putObject("responses");
    for (Response r : op.responses()) {
      ObjectNode response = responses.putObject(Integer.toString(r.code()));
      if (r.schema() != null) {
        ObjectNode content = response.putObject("content");
        for (String type : op.produces()) {
          content.putObject(type).set("schema", SchemaWriter.shape(r.schema(), Dialect.V3));
        }
      }
      response.put("description", r.description());
    }
    node.putArray("tags").add(op.tag());
    if (op.action() != null) {
      node.put("x-kubernetes-action", op.action());
    }
    if (op.kind() != null) {
      node.set(SchemaWriter.GVK, SchemaWriter.kind(op.kind()));
    }
    return node;
  }

  private static void parameters(ArrayNode array, List<Parameter> parameters) {
    for (Parameter p : parameters) {
      ObjectNode node = array.addObject();
      node.put("description", p.description());
      node.put("in", p.in().wire());
      node.put("name", p.name());
      if (p.required()) {
        node.put("required", true);
      }
      node.putObject("schema").put("type", p.type()).put("uniqueItems", true);
    }
  }
}
