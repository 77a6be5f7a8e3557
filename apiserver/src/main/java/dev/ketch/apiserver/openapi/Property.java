package dev.ketch.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One field of an object definition.
 *
 * @param name the JSON field name
 * @param shape what the field holds
 * @param description the text clients show (kubectl explain), or null
 * @param extensions vendor extensions written on the field's schema, in order: patch strategy,
 *     merge key, list type and list map keys
 */
public record Property(String name, Shape shape, String description, Map<String, JsonNode> extensions) {

  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  public Property(String name, Shape shape) {
    this(name, shape, null, Map.of());
  }
}
