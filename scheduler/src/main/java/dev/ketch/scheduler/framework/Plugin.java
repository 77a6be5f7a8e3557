package dev.ketch.scheduler.framework;

/**
 * A scheduling plugin. A plugin implements one small interface per extension point it takes part
 * in ({@link FilterPlugin}, {@link ScorePlugin}...), is created by its factory in the
 * {@link Registry} once per profile, and is called from the scheduling thread (and, for Filter and
 * Score, from the framework's worker threads at once, so those must not change shared state).
 */
public interface Plugin {

  /** The plugin's registered name, as in the configuration ("NodeResourcesFit"). */
  String name();
}
