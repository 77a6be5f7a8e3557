package dev.ketch.scheduler.framework;

import java.util.List;

/**
 * The normalize extension point: turns one Score plugin's raw scores into 0–100 once all feasible
 * nodes are scored. Implemented by Score plugins whose raw scores are not already in range.
 */
public interface ScoreNormalizer extends ScorePlugin {

  /**
   * Rewrites {@code scores} in place.
   *
   * @param nodes the scored nodes, aligned with {@code scores}
   */
  void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores);

  /**
   * Scales scores to 0–100 by the largest one, optionally reversed (upstream's
   * {@code DefaultNormalizeScore}): with no positive score, all become 0 (or 100 reversed).
   */
  static void defaultNormalize(long[] scores, boolean reverse) {
    long max = 0;
    for (long s : scores) {
      max = Math.max(max, s);
    }
    if (max == 0) {
      if (reverse) {
        java.util.Arrays.fill(scores, MAX_NODE_SCORE);
      }
      return;
    }
    for (int i = 0; i < scores.length; i++) {
      long s = MAX_NODE_SCORE * scores[i] / max;
      scores[i] = reverse ? MAX_NODE_SCORE - s : s;
    }
  }
}
