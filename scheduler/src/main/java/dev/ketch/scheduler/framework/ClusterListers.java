package dev.ketch.scheduler.framework;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;

/**
 * Read access to the cluster objects plugins consult besides nodes and pods' placement, from the
 * scheduler's informer caches. Thread-safe; the returned objects are shared and must not be
 * changed.
 */
public interface ClusterListers {

  List<Service> services(String namespace);

  List<ReplicaSet> replicaSets(String namespace);

  List<StatefulSet> statefulSets(String namespace);

  List<ReplicationController> replicationControllers(String namespace);

  /** The claim, or null. */
  PersistentVolumeClaim persistentVolumeClaim(String namespace, String name);

  /** The volume, or null. */
  PersistentVolume persistentVolume(String name);

  List<PersistentVolume> persistentVolumes();

  /** The class, or null. */
  StorageClass storageClass(String name);

  List<PodDisruptionBudget> podDisruptionBudgets();

  /** The namespace's labels; empty when it has none or is unknown. */
  Map<String, String> namespaceLabels(String namespace);

  /** The pod as the informer last saw it, or null. */
  Pod pod(String namespace, String name);
}
