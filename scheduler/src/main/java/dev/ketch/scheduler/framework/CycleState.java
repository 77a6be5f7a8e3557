package dev.ketch.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The data of one scheduling cycle of one pod, written by plugins at one extension point (PreFilter,
 * PreScore) and read at later ones (Filter, Score). Writes happen on the scheduling thread before
 * filters run; filters may then read from several threads at once, so readers see a fully written
 * state. Not safe for concurrent writes.
 */
public final class CycleState {

  private final Map<String, StateData> data;
  private final Set<String> skipFilterPlugins;
  private final Set<String> skipScorePlugins;

  public CycleState() {
    this(new HashMap<>(), new HashSet<>(), new HashSet<>());
  }

  private CycleState(Map<String, StateData> data, Set<String> skipFilter, Set<String> skipScore) {
    this.data = data;
    this.skipFilterPlugins = skipFilter;
    this.skipScorePlugins = skipScore;
  }

  public <T extends StateData> void write(StateKey<T> key, T value) {
    data.put(key.name(), value);
  }

  /** The value written under {@code key}, or null. */
  public <T extends StateData> T read(StateKey<T> key) {
    StateData d = data.get(key.name());
    return d == null ? null : key.type().cast(d);
  }

  /**
   * The value written under {@code key}.
   *
   * @throws IllegalStateException when nothing was written, which means the plugin's PreFilter or
   *     PreScore did not run
   */
  public <T extends StateData> T require(StateKey<T> key) {
    T value = read(key);
    if (value == null) {
      throw new IllegalStateException("reading \"" + key.name() + "\" from cycleState: not found");
    }
    return value;
  }

  /** Plugins whose Filter is skipped this cycle because their PreFilter returned Skip. */
  public Set<String> skipFilterPlugins() {
    return skipFilterPlugins;
  }

  /** Plugins whose Score is skipped this cycle because their PreScore returned Skip. */
  public Set<String> skipScorePlugins() {
    return skipScorePlugins;
  }

  /** A deep copy: each value's {@link StateData#copy()}. */
  public CycleState copy() {
    Map<String, StateData> copied = new HashMap<>(data.size() * 2);
    data.forEach((k, v) -> copied.put(k, v.copy()));
    return new CycleState(copied, new HashSet<>(skipFilterPlugins), new HashSet<>(skipScorePlugins));
  }
}
