package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.serviceaccount.ServiceAccountTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * serviceaccounts/token: answers an authentication.k8s.io/v1 TokenRequest with a signed token
 * for the service account, as kube-apiserver does. {@code spec.expirationSeconds} defaults to one
 * hour, must be at least ten minutes and is cut to {@link #MAX_EXPIRATION_SECONDS}; audiences
 * default to the server's own; {@code spec.boundObjectRef} binds the token to a Pod (which must
 * run as that service account) or a Secret of the namespace, which must exist (and have the uid
 * given, else 409 Conflict).
 */
final class TokenRequests {

  static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  static final long MIN_EXPIRATION_SECONDS = 600;
  static final long MAX_EXPIRATION_SECONDS = 48 * 3600;

  private final Registries registries;
  private final ServiceAccountTokens tokens;
  private final RequestBody.ProtobufDecoder protobuf;

  TokenRequests(Registries registries, ServiceAccountTokens tokens, RequestBody.ProtobufDecoder protobuf) {
    this.registries = registries;
    this.tokens = tokens;
    this.protobuf = protobuf;
  }

  void create(ApiRequest request, ApiResponse response, String ns, String name) {
    ObjectNode body = RequestBody.object(request.body(), request.header("Content-Type"), false, protobuf);
    ObjectNode account = registries.registry(registries.type("", "serviceaccounts")).get(ns, name, "");
    JsonNode spec = body.path("spec");
    long seconds = spec.hasNonNull("expirationSeconds") ? spec.get("expirationSeconds").asLong() : DEFAULT_EXPIRATION_SECONDS;
    if (seconds < MIN_EXPIRATION_SECONDS) {
      throw invalid(name, Cause.invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes"));
    }
    seconds = Math.min(seconds, MAX_EXPIRATION_SECONDS);
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asText()));
    if (audiences.isEmpty()) {
      audiences.addAll(tokens.apiAudiences());
    }
    ServiceAccountTokens.Binding binding = spec.path("boundObjectRef").isObject() ? bind(ns, name, spec.get("boundObjectRef")) : null;
    ServiceAccountTokens.Issued issued = tokens.issue(ns, name, account.path("metadata").path("uid").asText(""),
        audiences, seconds, binding);
    Responses.object(response, 201, answer(ns, name, audiences, seconds, spec.path("boundObjectRef"), issued), List.of());
  }

  private ServiceAccountTokens.Binding bind(String ns, String account, JsonNode ref) {
    String kind = ref.path("kind").asText("");
    String name = ref.path("name").asText("");
    String apiVersion = ref.path("apiVersion").asText("v1");
    if (!(kind.equals("Pod") || kind.equals("Secret")) || !apiVersion.equals("v1")) {
      throw StatusException.badRequest("cannot bind token for serviceaccount \"" + account + "\" to object of type "
          + apiVersion + ", Kind=" + kind);
    }
    if (name.isEmpty()) {
      throw invalid(account, Cause.required("spec.boundObjectRef.name"));
    }
    var type = registries.type("", kind.equals("Pod") ? "pods" : "secrets");
    ObjectNode object = registries.registry(type).get(ns, name, "");
    String uid = object.path("metadata").path("uid").asText("");
    String wanted = ref.path("uid").asText("");
    if (!wanted.isEmpty() && !wanted.equals(uid)) {
      throw StatusException.conflict(type, name, "the UID in the bound object reference (" + wanted
          + ") does not match the UID in record. The object might have been deleted and then recreated");
    }
    if (kind.equals("Pod") && !account.equals(object.path("spec").path("serviceAccountName").asText(""))) {
      throw StatusException.badRequest("cannot bind token for serviceaccount \"" + account
          + "\" to pod running with different serviceaccount name.");
    }
    return new ServiceAccountTokens.Binding(kind, name, uid);
  }

  private static ObjectNode answer(String ns, String name, List<String> audiences, long seconds, JsonNode ref,
      ServiceAccountTokens.Issued issued) {
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
    answer.putObject("metadata").put("name", name).put("namespace", ns)
        .put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode spec = answer.putObject("spec");
    var aud = spec.putArray("audiences");
    audiences.forEach(aud::add);
    spec.put("expirationSeconds", seconds);
    if (ref.isObject()) {
      spec.set("boundObjectRef", ref);
    } else {
      spec.putNull("boundObjectRef");
    }
    answer.putObject("status").put("token", issued.token())
        .put("expirationTimestamp", issued.expiration().truncatedTo(ChronoUnit.SECONDS).toString());
    return answer;
  }

  private static StatusException invalid(String name, Cause cause) {
    return new StatusException(Reason.INVALID, "TokenRequest.authentication.k8s.io \"" + name + "\" is invalid: " + cause,
        "authentication.k8s.io", "TokenRequest", name, List.of(cause));
  }
}
