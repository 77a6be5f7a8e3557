package dev.ketch.controllers.daemonset;

import dev.ketch.controllers.objects.IntOrPercent;
import dev.ketch.controllers.pods.Pods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which old pods to delete and which nodes get a new pod in one pass of a RollingUpdate (upstream's
 * rollingUpdate). Without surge, old pods are deleted while fewer than maxUnavailable pods are
 * unavailable (unavailable old pods first); the manage loop then creates their replacements.
 * With maxSurge, a new pod is created beside an old one (at once where the old one is
 * unavailable, else while fewer than maxSurge are surging), and the old pod goes once the new one
 * is available.
 */
final class DaemonSetRollingUpdate {

  /** Pods to delete (by name) and nodes to create a pod on. */
  record Plan(List<Pod> delete, List<String> create) {}

  private DaemonSetRollingUpdate() {}

  /** maxSurge, maxUnavailable and desiredNumberScheduled (updatedDesiredNodeCounts). */
  record Counts(int maxSurge, int maxUnavailable, int desired) {}

  static Counts counts(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> nodeToPods) {
    int desired = 0;
    for (Node node : nodes) {
      if (DaemonPods.placement(ds, node).shouldRun()) {
        desired++;
        nodeToPods.putIfAbsent(node.getMetadata().getName(), new ArrayList<>());
      }
    }
    var ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
    int maxUnavailable = IntOrPercent.scaled(ru == null ? null : ru.getMaxUnavailable(), desired, true, 1);
    int maxSurge = IntOrPercent.scaled(ru == null ? null : ru.getMaxSurge(), desired, true, 0);
    if (desired > 0 && maxUnavailable == 0 && maxSurge == 0) {
      maxUnavailable = 1;
    }
    return new Counts(maxSurge, maxUnavailable, desired);
  }

  /** The new and old pod of a node, or null if it has more than one of either (the manage loop prunes it). */
  private record OnNode(Pod newPod, Pod oldPod) {}

  private static OnNode onNode(List<Pod> pods, String hash, Long generation) {
    Pod newPod = null;
    Pod oldPod = null;
    for (Pod p : pods) {
      if (Pods.isTerminating(p)) {
        continue;
      }
      if (DaemonPods.isUpdated(p, hash, generation)) {
        if (newPod != null) {
          return null;
        }
        newPod = p;
      } else {
        if (oldPod != null) {
          return null;
        }
        oldPod = p;
      }
    }
    return new OnNode(newPod, oldPod);
  }

  static Plan plan(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> nodeToPods, String hash, Instant now) {
    Counts counts = counts(ds, nodes, nodeToPods);
    Long generation = DaemonPods.templateGeneration(ds);
    int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
    List<Pod> delete = new ArrayList<>();
    List<String> create = new ArrayList<>();
    if (counts.maxSurge() == 0) {
      int unavailable = 0;
      List<Pod> candidates = new ArrayList<>();
      for (var e : nodeToPods.entrySet()) {
        OnNode on = onNode(e.getValue(), hash, generation);
        if (on == null || (on.newPod() == null) == (on.oldPod() == null)) {
          unavailable++;
        } else if (on.newPod() != null) {
          if (!Pods.isAvailable(on.newPod(), minReady, now)) {
            unavailable++;
          }
        } else if (!Pods.isAvailable(on.oldPod(), minReady, now)) {
          delete.add(on.oldPod());
          unavailable++;
        } else if (unavailable < counts.maxUnavailable()) {
          candidates.add(on.oldPod());
        }
      }
      int remaining = Math.max(0, Math.min(counts.maxUnavailable() - unavailable, candidates.size()));
      delete.addAll(candidates.subList(0, remaining));
      return new Plan(delete, create);
    }
    Map<String, Node> byName = new java.util.HashMap<>();
    nodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
    int surging = 0;
    int available = 0;
    List<String> candidates = new ArrayList<>();
    List<Pod> shouldNotRun = new ArrayList<>();
    for (var e : nodeToPods.entrySet()) {
      OnNode on = onNode(e.getValue(), hash, generation);
      if (on == null) {
        surging++;
        continue;
      }
      Pod counted = on.oldPod() != null ? on.oldPod() : on.newPod();
      if (counted != null && Pods.isAvailable(counted, minReady, now)) {
        available++;
      }
      if (on.oldPod() == null) {
        continue;
      }
      Node node = byName.get(e.getKey());
      boolean shouldRun = node != null && DaemonPods.placement(ds, node).shouldRun();
      if (on.newPod() == null) {
        if (!Pods.isAvailable(on.oldPod(), minReady, now)) {
          if (!shouldRun) {
            delete.add(on.oldPod());
          } else {
            create.add(e.getKey());
          }
        } else if (!shouldRun) {
          shouldNotRun.add(on.oldPod());
        } else if (surging < counts.maxSurge()) {
          candidates.add(e.getKey());
        }
      } else if (!Pods.isAvailable(on.newPod(), minReady, now)) {
        surging++;
      } else {
        delete.add(on.oldPod());
      }
    }
    // With surge the owner expects full availability: pods on nodes they must leave go only once
    // enough pods elsewhere are available.
    int deletable = Math.min(available - counts.desired(), shouldNotRun.size());
    if (deletable > 0) {
      delete.addAll(shouldNotRun.subList(0, deletable));
    }
    int remaining = Math.max(0, Math.min(counts.maxSurge() - surging, candidates.size()));
    create.addAll(candidates.subList(0, remaining));
    return new Plan(delete, create);
  }
}
