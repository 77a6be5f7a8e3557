package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.cache.CachedObject;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.http.Headers;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.ListResult;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.table.TableConvertor;
import dev.ketch.apiserver.table.TableOptions;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes objects, lists, Tables and success Statuses. Lists are assembled from the cached JSON of
 * their items without decoding them again.
 */
final class Responses {

  static final String JSON = "application/json";

  private Responses() {}

  static void object(ApiResponse response, int status, JsonNode object, List<String> warnings) {
    response.send(status, JSON, warningHeaders(warnings), Json.bytes(object));
  }

  static Headers warningHeaders(List<String> warnings) {
    if (warnings.isEmpty()) {
      return Headers.empty();
    }
    Headers.Builder b = Headers.builder();
    for (String w : warnings) {
      b.add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return b.build();
  }

  /** A {@code <Kind>List} of the items, their JSON copied as stored. */
  static byte[] list(ResourceType type, ListResult result) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + result.items().size() * 512);
    StringBuilder head = new StringBuilder();
    head.append("{\"kind\":\"").append(type.listKind()).append("\",\"apiVersion\":\"").append(type.apiVersion())
        .append("\",\"metadata\":{\"resourceVersion\":\"").append(result.resourceVersion()).append('"');
    if (!result.continueToken().isEmpty()) {
      head.append(",\"continue\":\"").append(result.continueToken()).append('"');
    }
    if (result.remainingItemCount() != null) {
      head.append(",\"remainingItemCount\":").append(result.remainingItemCount());
    }
    head.append("},\"items\":[");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    boolean first = true;
    for (CachedObject o : result.items()) {
      if (!first) {
        out.write(',');
      }
      out.writeBytes(o.json());
      first = false;
    }
    out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static ObjectNode table(TableConvertor convertor, ListResult result, TableOptions options) {
    List<JsonNode> items = new ArrayList<>(result.items().size());
    for (CachedObject o : result.items()) {
      items.add(o.tree());
    }
    ListMeta meta = new ListMeta();
    meta.setResourceVersion(Long.toString(result.resourceVersion()));
    if (!result.continueToken().isEmpty()) {
      meta.setContinue(result.continueToken());
    }
    meta.setRemainingItemCount(result.remainingItemCount());
    return convertor.convertStoredList(items, meta, options).toJson();
  }

  /** A Status of kind Success, as deletes of objects that are gone at once answer. */
  static ObjectNode success(ResourceType type, String name, String uid) {
    ObjectNode s = Json.mapper().createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Success");
    ObjectNode details = s.putObject("details");
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    if (uid != null && !uid.isEmpty()) {
      details.put("uid", uid);
    }
    return s;
  }
}
