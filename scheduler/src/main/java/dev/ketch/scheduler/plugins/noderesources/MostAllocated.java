package dev.ketch.scheduler.plugins.noderesources;

import dev.ketch.scheduler.framework.ScorePlugin;
import java.util.List;

/** Favors fuller nodes: requested × 100 / allocatable (capped); packs pods. */
public record MostAllocated(List<ResourceSpec> resources) implements ScoringStrategy {

  @Override
  public long resourceScore(long requested, long allocatable) {
    if (allocatable == 0) {
      return 0;
    }
    return Math.min(requested, allocatable) * ScorePlugin.MAX_NODE_SCORE / allocatable;
  }
}
