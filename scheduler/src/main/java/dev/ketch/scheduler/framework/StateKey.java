package dev.ketch.scheduler.framework;

/**
 * A typed key of the {@link CycleState}, one per kind of data a plugin writes.
 *
 * @param name a name unique within the framework, conventionally the plugin's name and a suffix
 * @param type the class of the data
 * @param <T> the data's type
 */
public record StateKey<T extends StateData>(String name, Class<T> type) {}
