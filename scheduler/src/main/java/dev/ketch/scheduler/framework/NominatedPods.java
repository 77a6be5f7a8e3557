package dev.ketch.scheduler.framework;

import java.util.List;

/**
 * Pods nominated to nodes by preemption: they wait for victims to leave and must be counted on
 * that node when other pods are filtered there. Thread-safe.
 */
public interface NominatedPods {

  /** The pods nominated to {@code nodeName}, in no particular order. */
  List<PodInfo> nominatedPodsForNode(String nodeName);
}
