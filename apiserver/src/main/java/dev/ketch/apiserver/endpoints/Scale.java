package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceType;

/** The autoscaling/v1 Scale view of a workload: its desired and current replicas and selector. */
final class Scale {

  private Scale() {}

  static ObjectNode of(ResourceType type, ObjectNode workload) {
    ObjectNode s = Json.mapper().createObjectNode();
    s.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = s.putObject("metadata");
    JsonNode m = workload.path("metadata");
    for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (m.has(f)) {
        meta.set(f, m.get(f));
      }
    }
    s.putObject("spec").put("replicas", workload.path("spec").path("replicas").asLong(1));
    ObjectNode status = s.putObject("status");
    status.put("replicas", workload.path("status").path("replicas").asLong(0));
    JsonNode selector = workload.path("spec").path("selector");
    if (selector.isObject() && !selector.isEmpty()) {
      status.put("selector", Subresources.selectorString(selector));
    }
    return s;
  }

  static long replicas(JsonNode scale) {
    JsonNode r = scale.path("spec").path("replicas");
    if (!r.canConvertToLong() || r.asLong() < 0) {
      throw StatusException.badRequest("spec.replicas must be a number of at least 0");
    }
    return r.asLong();
  }

  static ObjectNode withReplicas(ObjectNode workload, long replicas) {
    workload.with("spec").put("replicas", replicas);
    return workload;
  }
}
