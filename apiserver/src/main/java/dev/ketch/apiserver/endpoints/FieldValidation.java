package dev.ketch.apiserver.endpoints;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the fields of a request body that the resource's schema does not have, as kube-apiserver's
 * {@code fieldValidation} does: Strict refuses them, Warn reports them, Ignore drops them. The
 * schema is the fabric8 model class, walked by Jackson's own view of its properties; fields typed
 * as free-form (maps of anything, raw extensions) accept anything.
 */
final class FieldValidation {

  enum Mode {
    STRICT,
    WARN,
    IGNORE;

    /** Warn when the client says nothing, as kube-apiserver since 1.23. */
    static Mode parse(String value) {
      if (value == null || value.isEmpty()) {
        return WARN;
      }
      return switch (value) {
        case "Strict" -> STRICT;
        case "Warn" -> WARN;
        case "Ignore" -> IGNORE;
        default -> throw dev.ketch.apiserver.errors.StatusException.badRequest(
            "fieldValidation parameter unsupported: " + value);
      };
    }
  }

  private static final Map<JavaType, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

  private FieldValidation() {}

  /** Removes unknown fields from {@code body} and returns their paths (e.g. {@code spec.foo}). */
  static List<String> removeUnknown(ObjectNode body, Class<?> modelClass) {
    List<String> unknown = new ArrayList<>();
    JsonNode apiVersion = body.remove("apiVersion");
    JsonNode kind = body.remove("kind");
    walk(body, Json.mapper().constructType(modelClass), "", unknown);
    if (apiVersion != null) {
      body.set("apiVersion", apiVersion);
    }
    if (kind != null) {
      body.set("kind", kind);
    }
    return unknown;
  }

  private static void walk(JsonNode node, JavaType type, String path, List<String> unknown) {
    if (node == null || node.isNull() || type == null) {
      return;
    }
    Class<?> raw = type.getRawClass();
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          walk(node.get(i), type.getContentType(), path + "[" + i + "]", unknown);
        }
      }
      return;
    }
    if (type.isMapLikeType()) {
      if (node instanceof ObjectNode o) {
        o.properties().forEach(e -> walk(e.getValue(), type.getContentType(), path + "." + e.getKey(), unknown));
      }
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    Map<String, JavaType> props = properties(type);
    if (props.isEmpty()) {
      return; // a scalar-like type with its own serializer (Quantity, IntOrString, …)
    }
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String child = path.isEmpty() ? name : path + "." + name;
      if (!props.containsKey(name)) {
        unknown.add(child);
        it.remove();
      } else {
        walk(e.getValue(), props.get(name), child, unknown);
      }
    }
  }

  private static Map<String, JavaType> properties(JavaType type) {
    return PROPERTIES.computeIfAbsent(type, t -> {
      BeanDescription bean = Json.mapper().getDeserializationConfig().introspect(t);
      Map<String, JavaType> out = new java.util.HashMap<>();
      if (bean.findJsonValueAccessor() != null || hasCustomDeserializer(t)) {
        return out;
      }
      for (BeanPropertyDefinition p : bean.findProperties()) {
        if (p.getName().equals("additionalProperties")) {
          continue;
        }
        out.put(p.getName(), p.getPrimaryType());
      }
      return out;
    });
  }

  private static boolean hasCustomDeserializer(JavaType t) {
    return t.getRawClass().isAnnotationPresent(com.fasterxml.jackson.databind.annotation.JsonDeserialize.class)
        && t.getRawClass().getAnnotation(com.fasterxml.jackson.databind.annotation.JsonDeserialize.class).using()
            != com.fasterxml.jackson.databind.JsonDeserializer.None.class;
  }
}
