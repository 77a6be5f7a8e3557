package dev.ketch.scheduler.config;

/**
 * A plugin enabled at an extension point.
 *
 * @param name the plugin's name
 * @param weight its score weight (1–100); 0 where weights do not apply
 */
public record PluginRef(String name, int weight) {

  public static PluginRef of(String name) {
    return new PluginRef(name, 0);
  }
}
