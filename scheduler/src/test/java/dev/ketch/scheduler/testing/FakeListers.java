package dev.ketch.scheduler.testing;

import dev.ketch.scheduler.framework.ClusterListers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Cluster objects held in lists, for plugin tests. Thread-safe enough for tests. */
public final class FakeListers implements ClusterListers {

  public final List<Service> services = new CopyOnWriteArrayList<>();
  public final List<ReplicaSet> replicaSets = new CopyOnWriteArrayList<>();
  public final List<StatefulSet> statefulSets = new CopyOnWriteArrayList<>();
  public final List<ReplicationController> replicationControllers = new CopyOnWriteArrayList<>();
  public final List<PersistentVolumeClaim> pvcs = new CopyOnWriteArrayList<>();
  public final List<PersistentVolume> pvs = new CopyOnWriteArrayList<>();
  public final List<StorageClass> storageClasses = new CopyOnWriteArrayList<>();
  public final List<PodDisruptionBudget> pdbs = new CopyOnWriteArrayList<>();
  public final List<Pod> pods = new CopyOnWriteArrayList<>();
  public final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

  private static <T extends HasMetadata> List<T> inNamespace(List<T> all, String ns) {
    List<T> out = new ArrayList<>();
    for (T t : all) {
      if (ns.equals(t.getMetadata().getNamespace())) {
        out.add(t);
      }
    }
    return out;
  }

  private static <T extends HasMetadata> T find(List<T> all, String ns, String name) {
    for (T t : all) {
      if (name.equals(t.getMetadata().getName()) && (ns == null || ns.equals(t.getMetadata().getNamespace()))) {
        return t;
      }
    }
    return null;
  }

  @Override
  public List<Service> services(String namespace) {
    return inNamespace(services, namespace);
  }

  @Override
  public List<ReplicaSet> replicaSets(String namespace) {
    return inNamespace(replicaSets, namespace);
  }

  @Override
  public List<StatefulSet> statefulSets(String namespace) {
    return inNamespace(statefulSets, namespace);
  }

  @Override
  public List<ReplicationController> replicationControllers(String namespace) {
    return inNamespace(replicationControllers, namespace);
  }

  @Override
  public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
    return find(pvcs, namespace, name);
  }

  @Override
  public PersistentVolume persistentVolume(String name) {
    return find(pvs, null, name);
  }

  @Override
  public List<PersistentVolume> persistentVolumes() {
    return List.copyOf(pvs);
  }

  @Override
  public StorageClass storageClass(String name) {
    return find(storageClasses, null, name);
  }

  @Override
  public List<PodDisruptionBudget> podDisruptionBudgets() {
    return List.copyOf(pdbs);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }

  @Override
  public Pod pod(String namespace, String name) {
    return find(pods, namespace, name);
  }
}
