package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Reason;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.kubelet.PodStreams;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.patch.PatchType;
import dev.ketch.apiserver.patch.Patcher;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.registry.ResourceRegistry;
import dev.ketch.apiserver.request.RequestInfo;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.selection.LabelSelector;
import java.util.List;

/**
 * The subresources of the built-in resources: {@code status} (read and write only the status),
 * {@code scale} (the autoscaling/v1 Scale view of a workload's replicas), {@code pods/binding}
 * (the scheduler's placement), {@code pods/eviction} (a deletion that respects
 * PodDisruptionBudgets), {@code serviceaccounts/token} (a {@link TokenRequests TokenRequest}) and
 * {@code namespaces/finalize}. The streaming subresources of pods
 * (log, exec, attach, portforward) are the kubelet's, reached through {@link PodStreams}.
 */
final class Subresources {

  private final Registries registries;
  private final Patcher patcher;
  private final ResourceEndpoints endpoints;
  private final RequestBody.ProtobufDecoder protobuf;
  private final PodStreams streams;
  private final TokenRequests tokenRequests;

  Subresources(Registries registries, Patcher patcher, ResourceEndpoints endpoints, RequestBody.ProtobufDecoder protobuf,
      PodStreams streams, dev.ketch.apiserver.serviceaccount.ServiceAccountTokens tokens) {
    this.streams = streams;
    this.tokenRequests = new TokenRequests(registries, tokens, protobuf);
    this.registries = registries;
    this.patcher = patcher;
    this.endpoints = endpoints;
    this.protobuf = protobuf;
  }

  void handle(ApiRequest request, ApiResponse response, RequestInfo info, ResourceType type, String ns) throws Exception {
    String sub = info.subresource();
    if (type.subresource(sub).isEmpty()) {
      throw StatusException.notFound("the server could not find the requested resource");
    }
    ResourceRegistry registry = registries.registry(type);
    String name = info.name();
    switch (sub + ":" + info.verb()) {
      case "status:get" -> Responses.object(response, 200, registry.get(ns, name, ""), List.of());
      case "status:update" -> endpoints.update(request, response, registry, ns, name, "status");
      case "status:patch" -> endpoints.patch(request, response, registry, ns, name, "status");
      case "scale:get" -> Responses.object(response, 200, Scale.of(type, registry.get(ns, name, "")), List.of());
      case "scale:update", "scale:patch" -> scale(request, response, registry, ns, name, info.verb());
      case "binding:create" -> bind(request, response, registry, ns, name);
      case "eviction:create" -> new Evictions(registries, protobuf).evict(request, response, registry, ns, name);
      case "token:create" -> tokenRequests.create(request, response, ns, name);
      case "finalize:update" -> finalizeNamespace(request, response, registry, name);
      case "log:get", "exec:get", "exec:create", "attach:get", "attach:create", "portforward:get", "portforward:create" ->
          kubelet(request, response, registry, ns, name, sub);
      default -> throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private void scale(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name, String verb) {
    ResourceType type = registry.type();
    ObjectNode updated;
    if (verb.equals("update")) {
      ObjectNode body = RequestBody.object(request.body(), request.header("Content-Type"), false, protobuf);
      String wanted = body.path("metadata").path("resourceVersion").asText("");
      long replicas = Scale.replicas(body);
      updated = registry.patch(ns, name, current -> {
        if (!wanted.isEmpty() && !wanted.equals(current.path("metadata").path("resourceVersion").asText())) {
          throw StatusException.conflict(type, name,
              "the object has been modified; please apply your changes to the latest version and try again");
        }
        return Scale.withReplicas(current, replicas);
      }, ResourceEndpoints.writeOptions(request), "scale");
    } else {
      PatchType patchType = PatchType.fromContentType(request.header("Content-Type"))
          .orElseThrow(() -> StatusException.unsupportedMediaType(request.header("Content-Type")));
      byte[] body = request.body();
      updated = registry.patch(ns, name, current -> {
        JsonNode patched = patcher.apply(patchType, io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class, Scale.of(type, current), body);
        return Scale.withReplicas(current, Scale.replicas(patched));
      }, ResourceEndpoints.writeOptions(request), "scale");
    }
    Responses.object(response, 200, Scale.of(type, updated), List.of());
  }

  private void bind(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name) {
    ObjectNode binding = RequestBody.object(request.body(), request.header("Content-Type"), false, protobuf);
    String node = binding.path("target").path("name").asText("");
    String kind = binding.path("target").path("kind").asText("Node");
    if (node.isEmpty() || !(kind.isEmpty() || kind.equals("Node"))) {
      throw StatusException.invalid(registry.type(), name, List.of(new dev.ketch.apiserver.errors.Cause(
          "FieldValueInvalid", "Invalid value: \"" + kind + "\": must be empty or 'Node'", "target.kind")));
    }
    String wantedUid = binding.path("metadata").path("uid").asText("");
    registry.patch(ns, name, current -> {
      String uid = current.path("metadata").path("uid").asText("");
      if (!wantedUid.isEmpty() && !wantedUid.equals(uid)) {
        throw StatusException.conflict(registry.type(), name,
            "Precondition failed: UID in precondition: " + wantedUid + ", UID in object meta: " + uid);
      }
      ObjectNode spec = current.with("spec");
      String assigned = spec.path("nodeName").asText("");
      if (!assigned.isEmpty()) {
        throw StatusException.conflict(registry.type(), name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
      }
      if (!current.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
        throw StatusException.conflict(registry.type(), name, "pod " + name + " is being deleted, cannot be assigned to a host");
      }
      spec.put("nodeName", node);
      JsonNode annotations = binding.path("metadata").path("annotations");
      if (annotations.isObject()) {
        ObjectNode a = ((ObjectNode) current.get("metadata")).with("annotations");
        annotations.properties().forEach(e -> a.set(e.getKey(), e.getValue()));
      }
      markScheduled(current.with("status"));
      return current;
    }, ResourceEndpoints.writeOptions(request), "binding");
    ObjectNode status = Json.mapper().createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1").put("status", "Success").put("code", 201);
    status.putObject("metadata");
    Responses.object(response, 201, status, List.of());
  }

  private static void markScheduled(ObjectNode status) {
    ArrayNode conditions = status.withArray("conditions");
    for (JsonNode c : conditions) {
      if ("PodScheduled".equals(c.path("type").asText())) {
        if (!"True".equals(c.path("status").asText())) {
          ((ObjectNode) c).put("lastTransitionTime", now());
        }
        ((ObjectNode) c).put("status", "True");
        ((ObjectNode) c).remove("reason");
        ((ObjectNode) c).remove("message");
        return;
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime");
    c.put("lastTransitionTime", now());
  }

  private static String now() {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private void finalizeNamespace(ApiRequest request, ApiResponse response, ResourceRegistry registry, String name) {
    ObjectNode body = RequestBody.object(request.body(), request.header("Content-Type"), false, protobuf);
    JsonNode finalizers = body.path("spec").path("finalizers");
    ObjectNode updated = registry.patch("", name, current -> {
      ObjectNode spec = current.with("spec");
      if (finalizers.isArray() && !finalizers.isEmpty()) {
        spec.set("finalizers", finalizers.deepCopy());
      } else {
        spec.remove("finalizers");
      }
      return current;
    }, ResourceEndpoints.writeOptions(request), "finalize");
    Responses.object(response, 200, updated, List.of());
  }

  private void kubelet(ApiRequest request, ApiResponse response, ResourceRegistry registry, String ns, String name, String sub)
      throws Exception {
    ObjectNode pod = registry.get(ns, name, "");
    if (streams == null) {
      throw StatusException.of(Reason.SERVICE_UNAVAILABLE, "this server does not reach kubelets for pods/" + sub);
    }
    streams.serve(request, response, pod, sub);
  }

  /** The selector of a workload as the string form Scale's status carries. */
  static String selectorString(JsonNode selector) {
    if (selector.has("matchLabels") || selector.has("matchExpressions")) {
      return LabelSelector.fromModel(Json.convert(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
    }
    java.util.Map<String, String> labels = new java.util.TreeMap<>();
    selector.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return LabelSelector.fromSet(labels).toString();
  }
}
