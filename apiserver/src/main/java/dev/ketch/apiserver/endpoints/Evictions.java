package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.http.ApiResponse;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.registry.DeleteOptions;
import dev.ketch.apiserver.registry.Registries;
import dev.ketch.apiserver.registry.ResourceRegistry;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.selection.LabelSelector;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;

/**
 * pods/eviction: deletes a pod unless a PodDisruptionBudget that selects it allows no more
 * disruptions (429, as kube-apiserver answers, so that {@code kubectl drain} retries). A pod that
 * is not running can always be evicted. An allowed eviction uses up one disruption of each budget
 * (its status is updated before the pod is deleted).
 */
final class Evictions {

  private final Registries registries;
  private final RequestBody.ProtobufDecoder protobuf;

  Evictions(Registries registries, RequestBody.ProtobufDecoder protobuf) {
    this.registries = registries;
    this.protobuf = protobuf;
  }

  void evict(ApiRequest request, ApiResponse response, ResourceRegistry pods, String ns, String name) {
    ObjectNode eviction = RequestBody.object(request.body(), request.header("Content-Type"), false, protobuf);
    ObjectNode pod = pods.get(ns, name, "");
    String phase = pod.path("status").path("phase").asText("");
    if (phase.equals("Running")) {
      checkBudgets(request, pod, ns, name);
    }
    JsonNode options = eviction.path("deleteOptions");
    Long grace = options.hasNonNull("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null;
    String uid = options.path("preconditions").hasNonNull("uid") ? options.path("preconditions").get("uid").asText() : null;
    pods.delete(ns, name, new DeleteOptions(grace, null, uid, null, false), ResourceEndpoints.writeOptions(request));
    ObjectNode status = Json.mapper().createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1").put("status", "Success").put("code", 201);
    status.putObject("metadata");
    Responses.object(response, 201, status, List.of());
  }

  private void checkBudgets(ApiRequest request, ObjectNode pod, String ns, String name) {
    ResourceType pdbType = registries.type("policy", "poddisruptionbudgets");
    Map<String, String> labels = Json.mapper().convertValue(pod.path("metadata").path("labels"),
        Json.mapper().getTypeFactory().constructMapType(Map.class, String.class, String.class));
    Map<String, String> podLabels = labels == null ? Map.of() : labels;
    for (PodDisruptionBudget pdb : registries.list(pdbType, ns, PodDisruptionBudget.class)) {
      if (pdb.getSpec() == null || pdb.getSpec().getSelector() == null) {
        continue;
      }
      if (!LabelSelector.fromModel(pdb.getSpec().getSelector()).matches(podLabels)) {
        continue;
      }
      Integer allowed = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed();
      if (allowed == null || allowed < 1) {
        throw StatusException.tooManyRequests(
            "Cannot evict pod as it would violate the pod's disruption budget.", 10);
      }
      String pdbName = pdb.getMetadata().getName();
      registries.registry(pdbType).patch(ns, pdbName, current -> {
        ObjectNode status = current.with("status");
        int left = status.path("disruptionsAllowed").asInt(0);
        if (left < 1) {
          throw StatusException.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10);
        }
        status.put("disruptionsAllowed", left - 1);
        status.with("disruptedPods").put(name, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return current;
      }, ResourceEndpoints.writeOptions(request), "status");
    }
  }
}
