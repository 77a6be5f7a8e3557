package dev.ketch.scheduler.framework;

import dev.ketch.scheduler.config.ConfigNode;
import dev.ketch.scheduler.config.ConfigurationException;
import dev.ketch.scheduler.config.ExtensionPoint;
import dev.ketch.scheduler.config.PluginCatalog;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The plugins that exist, by name. Profiles in the configuration enable plugins by these names;
 * out-of-tree plugins are added with {@link #register}. Thread-safe once built.
 */
public final class Registry implements PluginCatalog {

  private final Map<String, PluginSpec<?>> specs = new LinkedHashMap<>();

  /**
   * Adds a plugin.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  public Registry register(PluginSpec<?> spec) {
    if (specs.putIfAbsent(spec.name(), spec) != null) {
      throw new IllegalArgumentException("a plugin named " + spec.name() + " already exists");
    }
    return this;
  }

  /** The plugin's spec, or null. */
  public PluginSpec<?> spec(String name) {
    return specs.get(name);
  }

  @Override
  public boolean contains(String name) {
    return specs.containsKey(name);
  }

  @Override
  public Set<ExtensionPoint> extensionPoints(String name) {
    PluginSpec<?> spec = specs.get(name);
    Set<ExtensionPoint> points = EnumSet.noneOf(ExtensionPoint.class);
    if (spec == null) {
      return points;
    }
    Class<?> t = spec.type();
    add(points, t, QueueSortPlugin.class, ExtensionPoint.QUEUE_SORT);
    add(points, t, PreFilterPlugin.class, ExtensionPoint.PRE_FILTER);
    add(points, t, FilterPlugin.class, ExtensionPoint.FILTER);
    add(points, t, PostFilterPlugin.class, ExtensionPoint.POST_FILTER);
    add(points, t, PreScorePlugin.class, ExtensionPoint.PRE_SCORE);
    add(points, t, ScorePlugin.class, ExtensionPoint.SCORE);
    add(points, t, ReservePlugin.class, ExtensionPoint.RESERVE);
    add(points, t, PermitPlugin.class, ExtensionPoint.PERMIT);
    add(points, t, BindPlugin.class, ExtensionPoint.BIND);
    return points;
  }

  private static void add(Set<ExtensionPoint> points, Class<?> type, Class<?> iface, ExtensionPoint point) {
    if (iface.isAssignableFrom(type)) {
      points.add(point);
    }
  }

  @Override
  public Object decodeArgs(String name, ConfigNode args) {
    PluginSpec<?> spec = specs.get(name);
    if (spec == null) {
      throw new ConfigurationException("unknown plugin \"" + name + "\"");
    }
    if (spec.args() == null) {
      if (!args.isMissing() && !(args.json().isObject() && args.json().isEmpty())) {
        throw args.error("plugin \"" + name + "\" takes no arguments");
      }
      return null;
    }
    return spec.args().apply(args);
  }
}
