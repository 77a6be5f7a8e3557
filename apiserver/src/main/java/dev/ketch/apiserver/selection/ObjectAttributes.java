package dev.ketch.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What selectors look at in one object, read once per object version: its labels and its
 * selectable fields (upstream's {@code GetAttrs}). A watch cache keeps these beside each object so
 * that every watcher's selectors are answered without reading the object again.
 *
 * @param labels the object's labels, empty when it has none
 * @param fields its selectable field values, keyed by {@link SelectableFields#fieldNames}
 */
public record ObjectAttributes(Map<String, String> labels, Map<String, String> fields) {

  public ObjectAttributes {
    labels = Map.copyOf(labels);
    fields = Map.copyOf(fields);
  }

  /** The attributes of an object in its stored JSON form, for the given resource's fields. */
  public static ObjectAttributes of(JsonNode object, SelectableFields fields) {
    Map<String, String> labels = new LinkedHashMap<>();
    object.path("metadata").path("labels").properties().forEach(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        labels.put(e.getKey(), e.getValue().asText());
      }
    });
    return new ObjectAttributes(labels, fields.extract(object));
  }
}
