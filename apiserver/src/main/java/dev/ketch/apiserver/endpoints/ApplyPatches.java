package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.ResourceRegistry;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PATCH with {@code application/apply-patch+yaml}: server-side apply. The body is the applier's
 * configuration in YAML (or JSON, which clients send); the options must name the field manager
 * and may force conflicts. A repeated key is refused under Strict field validation and reported
 * under Warn, as upstream's strict decoding of the patch; fields the schema does not have fail the
 * apply itself. Answers 201 when the apply created the object, 200 otherwise. Stateless.
 */
final class ApplyPatches {

  static final String MEDIA_TYPE = "application/apply-patch+yaml";

  private static final ObjectReader JSON_LENIENT = Json.mapper().reader().without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectReader JSON_STRICT = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectReader YAML_LENIENT = Json.yaml().reader().without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectReader YAML_STRICT = Json.yaml().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

  private ApplyPatches() {}

  static void apply(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name, String subresource) {
    WriteRequests.ApplyOptions options = WriteRequests.applyOptions(request);
    FieldValidation.Mode mode = FieldValidation.Mode.parse(request.queryParameter("fieldValidation"));
    byte[] body = request.body();
    ObjectNode config = read(body);
    List<String> warnings = List.of();
    if (mode != FieldValidation.Mode.IGNORE) {
      String duplicate = duplicateKey(body);
      if (duplicate != null) {
        if (mode == FieldValidation.Mode.STRICT) {
          throw StatusException.badRequest("error strict decoding patch: " + duplicate);
        }
        warnings = List.of(duplicate.replace('\n', ' '));
      }
    }
    ResourceRegistry.ApplyResult result =
        registry.apply(ns, name, config, options.write().fieldManager(), options.force(), options.write(), subresource);
    Responses.object(response, result.created() ? 201 : 200, result.object(), warnings);
  }

  private static boolean json(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  /** The configuration; a repeated key keeps its last value. */
  private static ObjectNode read(byte[] body) {
    JsonNode tree;
    try {
      tree = (json(body) ? JSON_LENIENT : YAML_LENIENT).readTree(body);
    } catch (IOException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw StatusException.badRequest("error decoding patch: " + detail);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = Json.mapper().createObjectNode();
    }
    if (!(tree instanceof ObjectNode object)) {
      throw StatusException.badRequest(
          "error decoding patch: json: cannot unmarshal " + (tree.isArray() ? "array" : "string") + " into Go value of type map[string]interface {}");
    }
    return object;
  }

  /** The strict decoder's complaint about the first repeated key, or null if there is none. */
  private static String duplicateKey(byte[] body) {
    try {
      (json(body) ? JSON_STRICT : YAML_STRICT).readTree(body);
      return null;
    } catch (JsonProcessingException e) {
      Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (!m.find()) {
        return null;
      }
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return "yaml: unmarshal errors:\n  line " + line + ": key \"" + m.group(1) + "\" already set in map";
    } catch (IOException e) {
      return null;
    }
  }
}
