package dev.ketch.scheduler.framework;

/**
 * Ranks the nodes that passed the filters. Called for many nodes at once from worker threads: it
 * may read the cycle state and the node, but must change nothing shared. Scores are normalized to
 * 0–{@link #MAX_NODE_SCORE} (by the plugin's {@link ScoreNormalizer}, if any), multiplied by the
 * plugin's weight in the profile, and summed.
 */
public interface ScorePlugin extends Plugin {

  /** The highest score a plugin returns after normalization. */
  long MAX_NODE_SCORE = 100;

  /**
   * The node's raw score.
   *
   * @throws RuntimeException for an internal error, which fails the cycle
   */
  long score(CycleState state, PodInfo pod, NodeInfo node);
}
