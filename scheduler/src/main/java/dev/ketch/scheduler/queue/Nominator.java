package dev.ketch.scheduler.queue;

import dev.ketch.scheduler.framework.NominatedPods;
import dev.ketch.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods are nominated to which nodes: set by preemption for the preemptor, and read from
 * pods' {@code status.nominatedNodeName} as the informer sees them. Filters count nominated pods of
 * at least equal priority on their node, so that the room preemption made is not taken by others.
 * Thread-safe.
 */
public final class Nominator implements NominatedPods {

  private final Object lock = new Object();
  private final Map<String, List<PodInfo>> byNode = new HashMap<>();
  private final Map<String, String> nodeByUid = new HashMap<>();
  // Read without the lock on every filter call; most of the time nothing is nominated.
  private volatile int nominated;

  /** Nominates the pod to {@code nodeName}, replacing any earlier nomination; "" removes it. */
  public void nominate(PodInfo pod, String nodeName) {
    synchronized (lock) {
      removeLocked(pod.uid());
      if (nodeName == null || nodeName.isEmpty()) {
        return;
      }
      byNode.computeIfAbsent(nodeName, k -> new ArrayList<>()).add(pod);
      nodeByUid.put(pod.uid(), nodeName);
      nominated = nodeByUid.size();
    }
  }

  /** Nominates the pod to the node its status names, if any; else leaves it as it is. */
  public void nominateFromStatus(PodInfo pod) {
    var status = pod.pod().getStatus();
    String node = status == null ? null : status.getNominatedNodeName();
    if (node != null && !node.isEmpty()) {
      nominate(pod, node);
    }
  }

  /**
   * Follows a pod update: a nomination in the new status is taken; one that the old status had
   * and the new one lacks (preemption cleared it) is dropped.
   */
  public void syncFromStatus(Pod oldPod, PodInfo pod) {
    var status = pod.pod().getStatus();
    String node = status == null ? null : status.getNominatedNodeName();
    if (node != null && !node.isEmpty()) {
      nominate(pod, node);
      return;
    }
    String old = oldPod == null || oldPod.getStatus() == null ? null : oldPod.getStatus().getNominatedNodeName();
    if (old != null && !old.isEmpty()) {
      remove(pod.uid());
    }
  }

  /** Forgets the pod's nomination (it was bound or deleted). */
  public void remove(String uid) {
    synchronized (lock) {
      removeLocked(uid);
    }
  }

  private void removeLocked(String uid) {
    String node = nodeByUid.remove(uid);
    if (node == null) {
      return;
    }
    nominated = nodeByUid.size();
    List<PodInfo> list = byNode.get(node);
    list.removeIf(p -> p.uid().equals(uid));
    if (list.isEmpty()) {
      byNode.remove(node);
    }
  }

  /** The node the pod is nominated to, or null. */
  public String nominatedNode(String uid) {
    synchronized (lock) {
      return nodeByUid.get(uid);
    }
  }

  @Override
  public List<PodInfo> nominatedPodsForNode(String nodeName) {
    if (nominated == 0) {
      return List.of();
    }
    synchronized (lock) {
      List<PodInfo> list = byNode.get(nodeName);
      return list == null ? List.of() : List.copyOf(list);
    }
  }
}
