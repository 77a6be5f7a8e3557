package dev.ketch.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.resource.ResourceType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The field selector contracts of the built-in kinds, transcribed from kube-apiserver: the labels
 * from the field label conversion funcs ({@code pkg/apis/core/v1/conversion.go}, {@code
 * pkg/apis/batch/v1/conversion.go}, {@code pkg/apis/events/v1/conversion.go}, {@code
 * pkg/apis/certificates/v1/conversion.go}), the values from the registries' {@code
 * ToSelectableFields}. A kind without a conversion func (every apps kind, for one) falls back to
 * upstream's {@code DefaultMetaV1FieldSelectorConversion}: {@code metadata.name} and {@code
 * metadata.namespace} only, with its own error wording.
 */
final class BuiltInSelectableFields {

  private static final Map<ResourceType, SelectableFields> CACHE = new ConcurrentHashMap<>();

  private BuiltInSelectableFields() {}

  static SelectableFields forResource(ResourceType type) {
    return CACHE.computeIfAbsent(type, BuiltInSelectableFields::build);
  }

  private static SelectableFields build(ResourceType type) {
    String key = type.group() + "/" + type.plural();
    return switch (key) {
      case "/pods" -> pods();
      case "/nodes" -> meta(false).field("spec.unschedulable", bool("spec", "unschedulable")).build();
      case "/namespaces" -> meta(false).field("status.phase", text("status", "phase")).build();
      case "/replicationcontrollers" -> meta(true).field("status.replicas", integer("status", "replicas")).build();
      case "/events" -> coreEvents();
      case "/secrets" -> meta(true).field("type", text("type")).build();
      case "/services" ->
          meta(true).field("spec.clusterIP", text("spec", "clusterIP")).field("spec.type", text("spec", "type")).build();
      case "batch/jobs" -> meta(true)
          .alias("status.successful", "status.successful")
          .extracted("status.successful", integer("status", "succeeded"))
          .rejection(label -> "field label " + GoText.quote(label) + " not supported for Job")
          .build();
      case "events.k8s.io/events" -> eventsV1();
      case "certificates.k8s.io/certificatesigningrequests" ->
          meta(false).field("spec.signerName", text("spec", "signerName")).build();
      default -> metadataOnly(type.namespaced());
    };
  }

  /** metadata.name, and metadata.namespace for namespaced kinds, as upstream's ObjectMetaFieldsSet. */
  private static SelectableFields.Builder meta(boolean namespaced) {
    SelectableFields.Builder b = new SelectableFields.Builder().field("metadata.name", text("metadata", "name"));
    if (namespaced) {
      b.field("metadata.namespace", text("metadata", "namespace"));
    }
    return b;
  }

  /**
   * Upstream's fallback: both metadata labels are accepted even for cluster-scoped kinds, where
   * {@code metadata.namespace} has no value (so {@code metadata.namespace=x} selects nothing).
   */
  private static SelectableFields metadataOnly(boolean namespaced) {
    SelectableFields.Builder b = meta(namespaced)
        .rejection(label -> GoText.quote(label) + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    if (!namespaced) {
      b.acceptedOnly("metadata.namespace");
    }
    return b.build();
  }

  private static SelectableFields pods() {
    return meta(true)
        .field("spec.nodeName", text("spec", "nodeName"))
        .field("spec.restartPolicy", text("spec", "restartPolicy"))
        .field("spec.schedulerName", text("spec", "schedulerName"))
        .field("spec.serviceAccountName", text("spec", "serviceAccountName"))
        .field("spec.hostNetwork", bool("spec", "hostNetwork"))
        .field("status.phase", text("status", "phase"))
        .field("status.podIP", BuiltInSelectableFields::podIP)
        .acceptedOnly("status.podIPs")
        .field("status.nominatedNodeName", text("status", "nominatedNodeName"))
        // Old v1 clients send spec.host.
        .alias("spec.host", "spec.nodeName")
        .build();
  }

  /**
   * Upstream reads the first of the internal pod IPs, which conversion from v1 fills from {@code
   * status.podIP} when set and from {@code status.podIPs} otherwise.
   */
  private static String podIP(JsonNode pod) {
    String podIP = text("status", "podIP").apply(pod);
    if (!podIP.isEmpty()) {
      return podIP;
    }
    return text("ip").apply(pod.path("status").path("podIPs").path(0));
  }

  private static SelectableFields coreEvents() {
    return meta(true)
        .field("involvedObject.kind", text("involvedObject", "kind"))
        .field("involvedObject.namespace", text("involvedObject", "namespace"))
        .field("involvedObject.name", text("involvedObject", "name"))
        .field("involvedObject.uid", text("involvedObject", "uid"))
        .field("involvedObject.apiVersion", text("involvedObject", "apiVersion"))
        .field("involvedObject.resourceVersion", text("involvedObject", "resourceVersion"))
        .field("involvedObject.fieldPath", text("involvedObject", "fieldPath"))
        .field("reason", text("reason"))
        .field("reportingComponent", text("reportingComponent"))
        .field("source", firstNonEmpty(text("source", "component"), text("reportingComponent")))
        .field("type", text("type"))
        .build();
  }

  /**
   * events.k8s.io/v1 shares core Events' storage and so their canonical labels, but names them as
   * its own fields ({@code regarding.kind}, {@code reportingController}); the core spellings are
   * not accepted here.
   */
  private static SelectableFields eventsV1() {
    return meta(true)
        .field("reason", text("reason"))
        .alias("regarding.kind", "involvedObject.kind")
        .alias("regarding.namespace", "involvedObject.namespace")
        .alias("regarding.name", "involvedObject.name")
        .alias("regarding.uid", "involvedObject.uid")
        .alias("regarding.apiVersion", "involvedObject.apiVersion")
        .alias("regarding.resourceVersion", "involvedObject.resourceVersion")
        .alias("regarding.fieldPath", "involvedObject.fieldPath")
        .alias("reportingController", "reportingComponent")
        .field("source", firstNonEmpty(text("deprecatedSource", "component"), text("reportingController")))
        .field("type", text("type"))
        .extracted("involvedObject.kind", text("regarding", "kind"))
        .extracted("involvedObject.namespace", text("regarding", "namespace"))
        .extracted("involvedObject.name", text("regarding", "name"))
        .extracted("involvedObject.uid", text("regarding", "uid"))
        .extracted("involvedObject.apiVersion", text("regarding", "apiVersion"))
        .extracted("involvedObject.resourceVersion", text("regarding", "resourceVersion"))
        .extracted("involvedObject.fieldPath", text("regarding", "fieldPath"))
        .extracted("reportingComponent", text("reportingController"))
        .build();
  }

  // ---- value readers over the stored JSON; absent values are Go's zero values

  private static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n;
  }

  private static Function<JsonNode, String> text(String... path) {
    return o -> {
      JsonNode n = at(o, path);
      return n.isValueNode() && !n.isNull() ? n.asText() : "";
    };
  }

  private static Function<JsonNode, String> bool(String... path) {
    return o -> String.valueOf(at(o, path).asBoolean(false));
  }

  private static Function<JsonNode, String> integer(String... path) {
    return o -> String.valueOf(at(o, path).asLong(0));
  }

  private static Function<JsonNode, String> firstNonEmpty(Function<JsonNode, String> first, Function<JsonNode, String> second) {
    return o -> {
      String v = first.apply(o);
      return v.isEmpty() ? second.apply(o) : v;
    };
  }
}
