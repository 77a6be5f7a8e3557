package dev.ketch.apiserver.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a stored object into a {@link CachedObject}: its JSON bytes and what selectors match on.
 * The default extracts labels and the two fields every resource supports; resources with more
 * selectable fields pass their own field extraction.
 */
public final class ObjectIndexer {

  /** Extracts the selectable field values of one object. */
  @FunctionalInterface
  public interface FieldExtractor {
    Map<String, String> fields(JsonNode object);
  }

  private final FieldExtractor fields;

  public ObjectIndexer(FieldExtractor fields) {
    this.fields = fields;
  }

  /** Only metadata.name and metadata.namespace are selectable. */
  public static ObjectIndexer basic() {
    return new ObjectIndexer(o -> Map.of());
  }

  public CachedObject index(String key, ObjectNode object, long resourceVersion) {
    JsonNode meta = object.path("metadata");
    String name = meta.path("name").asText("");
    String namespace = meta.path("namespace").asText("");
    Map<String, String> labels = new HashMap<>();
    meta.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    Map<String, String> f = new HashMap<>(fields.fields(object));
    f.put("metadata.name", name);
    f.put("metadata.namespace", namespace);
    return new CachedObject(key, namespace, name, resourceVersion, Json.bytes(object), Map.copyOf(labels), Map.copyOf(f));
  }
}
