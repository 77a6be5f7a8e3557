package dev.ketch.scheduler.framework;

import dev.ketch.scheduler.config.ConfigNode;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How to make one plugin: its name, its class (which tells the extension points it implements),
 * how to decode its arguments, and its factory.
 *
 * @param name the plugin's registered name
 * @param type the plugin's class
 * @param args decodes the plugin's {@code pluginConfig} args (a missing node gives the defaults);
 *     null for a plugin without arguments
 * @param factory makes the plugin for one profile from its decoded args (null when it has none)
 * @param <A> the plugin's argument type
 */
public record PluginSpec<A>(String name, Class<? extends Plugin> type, Function<ConfigNode, A> args,
    BiFunction<A, Handle, Plugin> factory) {

  /** A plugin without arguments. */
  public static PluginSpec<Void> of(String name, Class<? extends Plugin> type, Function<Handle, Plugin> factory) {
    return new PluginSpec<>(name, type, null, (a, h) -> factory.apply(h));
  }

  /** Makes the plugin; {@code args} is what {@link #args} decoded. */
  @SuppressWarnings("unchecked")
  Plugin create(Object args, Handle handle) {
    return factory.apply((A) args, handle);
  }
}
