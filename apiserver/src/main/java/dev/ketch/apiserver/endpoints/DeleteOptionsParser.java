package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.registry.DeleteOptions;

/**
 * DeleteOptions from a DELETE request: its body (kubectl and fabric8 send a DeleteOptions object)
 * and its query parameters, which clients may use instead. {@code orphanDependents} is the
 * deprecated spelling of the Orphan and Background policies.
 */
final class DeleteOptionsParser {

  private DeleteOptionsParser() {}

  /** The options of a DELETE; a protobuf body (a DeleteOptions message) goes through the decoder. */
  static DeleteOptions parse(ApiRequest request, RequestBody.ProtobufDecoder protobuf) {
    JsonNode body = body(request, protobuf);
    Long grace = longValue(body, "gracePeriodSeconds", request.queryParameter("gracePeriodSeconds"));
    String policy = text(body, "propagationPolicy", request.queryParameter("propagationPolicy"));
    String orphan = text(body, "orphanDependents", request.queryParameter("orphanDependents"));
    if (orphan != null) {
      if (policy != null) {
        throw StatusException.badRequest("orphanDependents and propagationPolicy cannot both be set");
      }
      policy = Boolean.parseBoolean(orphan) ? "Orphan" : "Background";
    }
    String uid = null;
    String rv = null;
    boolean dryRun = false;
    if (body != null) {
      JsonNode pre = body.path("preconditions");
      uid = pre.hasNonNull("uid") ? pre.get("uid").asText() : null;
      rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null;
      for (JsonNode d : body.path("dryRun")) {
        dryRun |= checkDryRun(d.asText());
      }
    }
    for (String d : request.queryParameters("dryRun")) {
      dryRun |= checkDryRun(d);
    }
    return new DeleteOptions(grace, policy, uid, rv, dryRun);
  }

  private static JsonNode body(ApiRequest request, RequestBody.ProtobufDecoder protobuf) {
    if (request.body().length == 0) {
      return null;
    }
    if (RequestBody.isProtobuf(request.header("Content-Type"))) {
      return RequestBody.object(request.body(), request.header("Content-Type"), false, protobuf);
    }
    return RequestBody.patch(request.body(), false);
  }

  private static boolean checkDryRun(String value) {
    if (!value.equals("All")) {
      throw StatusException.badRequest("dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
    }
    return true;
  }

  private static Long longValue(JsonNode body, String field, String query) {
    if (body != null && body.hasNonNull(field)) {
      if (!body.get(field).canConvertToLong()) {
        throw StatusException.badRequest(field + " must be an integer");
      }
      return body.get(field).asLong();
    }
    if (query == null || query.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(query);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("invalid value for " + field + ": " + query);
    }
  }

  private static String text(JsonNode body, String field, String query) {
    if (body != null && body.hasNonNull(field)) {
      return body.get(field).asText();
    }
    return query == null || query.isEmpty() ? null : query;
  }
}
