package dev.ketch.scheduler.plugins.defaultpreemption;

import dev.ketch.scheduler.framework.PodInfo;
import java.util.List;

/**
 * A node where preemption would make room, and what it would cost.
 *
 * @param nodeName the node
 * @param victims the pods to evict, most important first
 * @param pdbViolations how many of them a PodDisruptionBudget protects
 */
record Candidate(String nodeName, List<PodInfo> victims, int pdbViolations) {

  Candidate {
    victims = List.copyOf(victims);
  }
}
