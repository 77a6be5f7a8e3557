package dev.ketch.scheduler.plugins.noderesources;

import java.util.List;

/**
 * How NodeResourcesFit scores a node from, per resource, what would be requested with the pod and
 * what is allocatable: a weighted average over the configured resources (resources a node has none
 * of are left out), 0–100. Stateless.
 */
public sealed interface ScoringStrategy permits LeastAllocated, MostAllocated, RequestedToCapacityRatio {

  List<ResourceSpec> resources();

  /** The score of one resource, 0–100. */
  long resourceScore(long requested, long allocatable);

  /** The weighted average over {@link #resources()}, aligned with the arrays. */
  default long score(long[] requested, long[] allocatable) {
    long sum = 0;
    long weights = 0;
    List<ResourceSpec> rs = resources();
    for (int i = 0; i < rs.size(); i++) {
      if (allocatable[i] == 0) {
        continue;
      }
      sum += resourceScore(requested[i], allocatable[i]) * rs.get(i).weight();
      weights += rs.get(i).weight();
    }
    return weights == 0 ? 0 : roundedAverage(sum, weights);
  }

  /** Integer division by default; RequestedToCapacityRatio rounds. */
  default long roundedAverage(long sum, long weights) {
    return sum / weights;
  }
}
