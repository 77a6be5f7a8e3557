package dev.ketch.scheduler.plugins.noderesources;

import dev.ketch.scheduler.config.ConfigNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A resource a scoring strategy looks at, and its weight.
 *
 * @param name the resource name ("cpu", "memory", "example.com/gpu")
 * @param weight 1–100
 */
public record ResourceSpec(String name, int weight) {

  /** CPU and memory, weight 1 each: upstream's default. */
  public static final List<ResourceSpec> DEFAULT = List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1));

  /** Decodes a {@code resources} list; missing gives {@link #DEFAULT}. */
  static List<ResourceSpec> decodeList(ConfigNode node) {
    if (node.isMissing()) {
      return DEFAULT;
    }
    List<ResourceSpec> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode e : node.elements()) {
      e.allowOnly("name", "weight");
      String name = e.field("name").requiredString();
      if (!seen.add(name)) {
        throw e.field("name").error("duplicate resource \"" + name + "\"");
      }
      out.add(new ResourceSpec(name, e.field("weight").integer(1, 1, 100)));
    }
    if (out.isEmpty()) {
      throw node.error("at least one resource is required");
    }
    return List.copyOf(out);
  }
}
