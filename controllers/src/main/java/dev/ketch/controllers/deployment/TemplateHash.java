package dev.ketch.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pod-template-hash of a Deployment's ReplicaSets, and template equality ignoring it, as
 * upstream's ComputeHash and EqualIgnoreHash. The hash is FNV-1a (32 bits) of the template in a
 * canonical JSON form (keys sorted, empty values dropped) and the collision count, written with
 * upstream's alphabet of consonants and digits. It names ReplicaSets only: a Deployment finds its
 * new ReplicaSet by template equality, never by hash, so the hash need only be stable.
 */
public final class TemplateHash {

  public static final String LABEL = "pod-template-hash";
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TemplateHash() {}

  /** The hash of {@code template} with {@code collisionCount} (null for none). */
  public static String compute(PodTemplateSpec template, Integer collisionCount) {
    byte[] bytes = canonical(template).toString().getBytes(StandardCharsets.UTF_8);
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    if (collisionCount != null) {
      int c = collisionCount;
      for (int i = 0; i < 4; i++) {
        hash ^= (c >>> (8 * i)) & 0xff;
        hash *= 0x01000193;
      }
    }
    String decimal = Long.toString(Integer.toUnsignedLong(hash));
    StringBuilder out = new StringBuilder(decimal.length());
    for (char ch : decimal.toCharArray()) {
      out.append(ALPHANUMS.charAt(ch % ALPHANUMS.length()));
    }
    return out.toString();
  }

  /** True if the templates are equal once the pod-template-hash label is taken from both. */
  public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
    return Objects.equals(canonical(a), canonical(b));
  }

  /** {@code template} as a JSON tree with sorted keys, the hash label and empty values removed. */
  static JsonNode canonical(PodTemplateSpec template) {
    JsonNode tree = template == null ? JsonNodeFactory.instance.objectNode() : MAPPER.valueToTree(template);
    JsonNode labels = tree.path("metadata").path("labels");
    if (labels instanceof ObjectNode o) {
      o.remove(LABEL);
    }
    JsonNode normalized = normalize(tree);
    return normalized == null ? JsonNodeFactory.instance.objectNode() : normalized;
  }

  /** Sorted keys; nulls, empty objects and empty arrays dropped (nil and empty are equal, as upstream's semantic equality). */
  private static JsonNode normalize(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        JsonNode v = normalize(node.get(name));
        if (v != null) {
          out.set(name, v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : node) {
        JsonNode v = normalize(item);
        out.add(v == null ? JsonNodeFactory.instance.objectNode() : v);
      }
      return out.isEmpty() ? null : out;
    }
    return node;
  }

  /** {@code labels} with the hash label added (a new map). */
  static Map<String, String> withHashLabel(Map<String, String> labels, String hash) {
    Map<String, String> out = new java.util.LinkedHashMap<>(labels == null ? Map.of() : labels);
    out.put(LABEL, hash);
    return out;
  }
}
