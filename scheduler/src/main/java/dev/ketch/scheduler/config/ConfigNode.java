package dev.ketch.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A node of a configuration document with its path from the root, so that every error names the
 * field at fault ({@code profiles[0].pluginConfig[1].args.scoringStrategy.type: …}). Reading a
 * missing or null field yields the default given. Immutable.
 */
public final class ConfigNode {

  private final JsonNode node;
  private final String path;

  private ConfigNode(JsonNode node, String path) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
  }

  public static ConfigNode root(JsonNode node) {
    return new ConfigNode(node, "");
  }

  /** A node that is not there: every read returns its default. */
  public static ConfigNode missing(String path) {
    return new ConfigNode(MissingNode.getInstance(), path);
  }

  public String path() {
    return path;
  }

  /** Whether the field is absent or null. */
  public boolean isMissing() {
    return node.isMissingNode() || node.isNull();
  }

  public ConfigNode field(String name) {
    return new ConfigNode(node.get(name), path.isEmpty() ? name : path + "." + name);
  }

  /** The elements of a list field (none when missing). */
  public List<ConfigNode> elements() {
    if (isMissing()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("must be a list");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** Refuses fields other than {@code allowed}, as strict decoding does. */
  public ConfigNode allowOnly(String... allowed) {
    if (isMissing()) {
      return this;
    }
    if (!node.isObject()) {
      throw error("must be an object");
    }
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        throw field(f).error("unknown field \"" + f + "\"");
      }
    }
    return this;
  }

  public String string(String defaultValue) {
    if (isMissing()) {
      return defaultValue;
    }
    if (!node.isTextual()) {
      throw error("must be a string, got " + node);
    }
    return node.asText();
  }

  /** A required non-empty string. */
  public String requiredString() {
    String s = string(null);
    if (s == null || s.isEmpty()) {
      throw error("required value");
    }
    return s;
  }

  public long integer(long defaultValue) {
    if (isMissing()) {
      return defaultValue;
    }
    if (!node.isIntegralNumber()) {
      throw error("must be an integer, got " + node);
    }
    return node.asLong();
  }

  /** An integer within [min, max]. */
  public int integer(int defaultValue, int min, int max) {
    long v = integer(defaultValue);
    if (v < min || v > max) {
      throw error("must be between " + min + " and " + max + ", got " + v);
    }
    return (int) v;
  }

  public boolean bool(boolean defaultValue) {
    if (isMissing()) {
      return defaultValue;
    }
    if (!node.isBoolean()) {
      throw error("must be true or false, got " + node);
    }
    return node.asBoolean();
  }

  /** The raw JSON of this node, for values decoded as API objects (label selectors, node selectors). */
  public JsonNode json() {
    return node;
  }

  /** An exception naming this node's path. */
  public ConfigurationException error(String message) {
    return new ConfigurationException((path.isEmpty() ? "" : path + ": ") + message);
  }
}
