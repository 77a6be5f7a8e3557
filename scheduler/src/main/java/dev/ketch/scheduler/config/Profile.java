package dev.ketch.scheduler.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One scheduling profile, resolved: the plugins enabled at each extension point (defaults merged
 * with the file's enabled and disabled lists), in order, and each plugin's decoded arguments.
 * Pods choose a profile with {@code spec.schedulerName}. Immutable.
 *
 * @param schedulerName the name pods use
 * @param percentageOfNodesToScore overrides the configuration's value when not null
 * @param plugins the enabled plugins per extension point
 * @param pluginArgs each plugin's typed arguments (its own Args record), by plugin name
 */
public record Profile(String schedulerName, Integer percentageOfNodesToScore, Map<ExtensionPoint, List<PluginRef>> plugins,
    Map<String, Object> pluginArgs) {

  public Profile {
    EnumMap<ExtensionPoint, List<PluginRef>> copy = new EnumMap<>(ExtensionPoint.class);
    for (ExtensionPoint p : ExtensionPoint.values()) {
      copy.put(p, List.copyOf(plugins.getOrDefault(p, List.of())));
    }
    plugins = java.util.Collections.unmodifiableMap(copy);
    pluginArgs = Map.copyOf(pluginArgs);
  }

  /** The plugins enabled at {@code point}, in order. */
  public List<PluginRef> at(ExtensionPoint point) {
    return plugins.get(point);
  }
}
