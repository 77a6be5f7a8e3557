package dev.ketch.scheduler.plugins.defaultpreemption;

import dev.ketch.scheduler.config.ConfigNode;

/**
 * DefaultPreemption's arguments: how many nodes to dry-run preemption on before picking one —
 * at least this percentage of the candidate nodes, and at least this absolute number.
 *
 * @param minCandidateNodesPercentage 0–100, default 10
 * @param minCandidateNodesAbsolute 0 or more, default 100 (not both 0)
 */
public record DefaultPreemptionArgs(int minCandidateNodesPercentage, int minCandidateNodesAbsolute) {

  public static final DefaultPreemptionArgs DEFAULT = new DefaultPreemptionArgs(10, 100);

  public static DefaultPreemptionArgs decode(ConfigNode node) {
    node.allowOnly("minCandidateNodesPercentage", "minCandidateNodesAbsolute");
    int pct = node.field("minCandidateNodesPercentage").integer(10, 0, 100);
    int abs = node.field("minCandidateNodesAbsolute").integer(100, 0, Integer.MAX_VALUE);
    if (pct == 0 && abs == 0) {
      throw node.field("minCandidateNodesAbsolute").error("cannot be zero at the same time as minCandidateNodesPercentage");
    }
    return new DefaultPreemptionArgs(pct, abs);
  }

  /** How many candidates to find among {@code nodes} potential nodes. */
  int candidatesToFind(int nodes) {
    int n = nodes * minCandidateNodesPercentage / 100;
    return Math.min(nodes, Math.max(n, minCandidateNodesAbsolute));
  }
}
