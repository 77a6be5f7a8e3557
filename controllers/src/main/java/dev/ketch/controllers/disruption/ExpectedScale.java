package dev.ketch.controllers.disruption;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.ownership.ControllerRefs;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many pods the controllers of a budget's pods want, as upstream's getExpectedScale: each
 * pod's controller is found in the caches — a Deployment through its ReplicaSet, a ReplicaSet, a
 * ReplicationController or a StatefulSet — and the replicas of each controller counted once. Pods
 * without a controller are reported as unmanaged.
 */
final class ExpectedScale {

  /** The total, the unmanaged pods' names, and an error message if a controller was not found. */
  record Result(int expected, List<String> unmanaged, String error) {}

  private final ObjectCache<ReplicaSet> replicaSets;
  private final ObjectCache<Deployment> deployments;
  private final ObjectCache<ReplicationController> replicationControllers;
  private final ObjectCache<StatefulSet> statefulSets;

  ExpectedScale(ObjectCache<ReplicaSet> replicaSets, ObjectCache<Deployment> deployments,
      ObjectCache<ReplicationController> replicationControllers, ObjectCache<StatefulSet> statefulSets) {
    this.replicaSets = replicaSets;
    this.deployments = deployments;
    this.replicationControllers = replicationControllers;
    this.statefulSets = statefulSets;
  }

  Result of(List<Pod> pods) {
    Map<String, Integer> scaleByController = new LinkedHashMap<>();
    List<String> unmanaged = new ArrayList<>();
    for (Pod pod : pods) {
      OwnerReference ref = ControllerRefs.controllerOf(pod);
      if (ref == null) {
        unmanaged.add(pod.getMetadata().getName());
        continue;
      }
      if (scaleByController.containsKey(ref.getUid())) {
        continue;
      }
      int[] found = find(ref, pod.getMetadata().getNamespace());
      if (found == null) {
        return new Result(0, unmanaged, "found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
      }
      scaleByController.put(ref.getUid(), found[0]);
    }
    int total = 0;
    for (int n : scaleByController.values()) {
      total += n;
    }
    return new Result(total, unmanaged, null);
  }

  /** {replicas} of the controller (or of a ReplicaSet's Deployment), or null when unknown. */
  private int[] find(OwnerReference ref, String namespace) {
    if (ControllerRefs.controlledByKind(ref, "apps", "ReplicaSet")) {
      ReplicaSet rs = replicaSets.get(namespace, ref.getName());
      if (rs == null || !Objects.equals(rs.getMetadata().getUid(), ref.getUid())) {
        return null;
      }
      OwnerReference owner = ControllerRefs.controllerOf(rs);
      if (ControllerRefs.controlledByKind(owner, "apps", "Deployment")) {
        Deployment d = deployments.get(namespace, owner.getName());
        if (d == null || !Objects.equals(d.getMetadata().getUid(), owner.getUid())) {
          return null;
        }
        return new int[] {d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()};
      }
      return new int[] {rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas()};
    }
    if (ControllerRefs.controlledByKind(ref, "", "ReplicationController")) {
      ReplicationController rc = replicationControllers.get(namespace, ref.getName());
      if (rc == null || !Objects.equals(rc.getMetadata().getUid(), ref.getUid())) {
        return null;
      }
      return new int[] {rc.getSpec().getReplicas() == null ? 1 : rc.getSpec().getReplicas()};
    }
    if (ControllerRefs.controlledByKind(ref, "apps", "StatefulSet")) {
      StatefulSet ss = statefulSets.get(namespace, ref.getName());
      if (ss == null || !Objects.equals(ss.getMetadata().getUid(), ref.getUid())) {
        return null;
      }
      return new int[] {ss.getSpec().getReplicas() == null ? 1 : ss.getSpec().getReplicas()};
    }
    return null;
  }
}
