package dev.ketch.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Why a pod fits no node, and the message users see in the FailedScheduling event and the
 * PodScheduled condition, in upstream's shape:
 * {@code 0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient cpu. preemption: …}.
 *
 * @param numAllNodes the nodes in the snapshot
 * @param statuses why each node was rejected
 * @param unschedulablePlugins the plugins that rejected the pod somewhere (they decide which events retry it)
 * @param preFilterMessage a PreFilter plugin's rejection of the pod on all nodes, or ""
 * @param postFilterMessage what preemption said, or ""
 */
public record FitError(int numAllNodes, NodeToStatus statuses, Set<String> unschedulablePlugins, String preFilterMessage,
    String postFilterMessage) {

  public FitError {
    unschedulablePlugins = Set.copyOf(unschedulablePlugins);
  }

  public FitError withPostFilterMessage(String message) {
    return new FitError(numAllNodes, statuses, unschedulablePlugins, preFilterMessage, message);
  }

  /** The message, as upstream's {@code FitError.Error()}. */
  public String message() {
    StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
    if (!preFilterMessage.isEmpty()) {
      sb.append(' ').append(preFilterMessage).append('.');
    } else {
      String histogram = histogram(statuses, numAllNodes);
      if (!histogram.isEmpty()) {
        sb.append(' ').append(histogram).append('.');
      }
    }
    if (!postFilterMessage.isEmpty()) {
      sb.append(' ').append(postFilterMessage);
    }
    return sb.toString();
  }

  /** "N reason" per distinct reason over all nodes (absent ones included), sorted as strings and joined. */
  static String histogram(NodeToStatus statuses, int numAllNodes) {
    Map<String, Integer> counts = new TreeMap<>();
    statuses.forEach((node, status) -> {
      for (String reason : status.reasons()) {
        counts.merge(reason, 1, Integer::sum);
      }
    });
    int absent = numAllNodes - statuses.size();
    if (absent > 0) {
      for (String reason : statuses.absentStatus().reasons()) {
        counts.merge(reason, absent, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((reason, n) -> parts.add(n + " " + reason));
    parts.sort(null);
    return String.join(", ", parts);
  }
}
