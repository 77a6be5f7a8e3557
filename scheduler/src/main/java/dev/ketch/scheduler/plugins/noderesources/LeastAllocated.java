package dev.ketch.scheduler.plugins.noderesources;

import dev.ketch.scheduler.framework.ScorePlugin;
import java.util.List;

/** Favors nodes with more room left: (allocatable − requested) × 100 / allocatable; spreads pods. */
public record LeastAllocated(List<ResourceSpec> resources) implements ScoringStrategy {

  @Override
  public long resourceScore(long requested, long allocatable) {
    if (allocatable == 0 || requested > allocatable) {
      return 0;
    }
    return (allocatable - requested) * ScorePlugin.MAX_NODE_SCORE / allocatable;
  }
}
