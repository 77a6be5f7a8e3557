package dev.ketch.scheduler.config;

import java.util.Set;

/**
 * What the configuration needs to know of the plugins that exist, so that a profile naming an
 * unknown plugin, or enabling one at a point it does not implement, is refused at start-up.
 * Implemented by the framework's registry. Thread-safe.
 */
public interface PluginCatalog {

  /** Whether a plugin of this name is registered. */
  boolean contains(String name);

  /** The extension points the plugin implements. */
  Set<ExtensionPoint> extensionPoints(String name);

  /**
   * Decodes the plugin's {@code args} (a node that may be missing, for the defaults).
   *
   * @throws ConfigurationException naming the field at fault
   */
  Object decodeArgs(String name, ConfigNode args);
}
