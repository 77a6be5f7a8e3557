package dev.ketch.scheduler.internal;

import dev.ketch.scheduler.framework.ClusterListers;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scheduler's informers — pods, nodes, and what plugins consult (Services, ReplicaSets,
 * StatefulSets, ReplicationControllers, PVCs, PVs, StorageClasses, PodDisruptionBudgets,
 * Namespaces) — and the {@link ClusterListers} over their caches. One watch per resource. Handlers
 * run on fabric8's informer threads, one at a time per informer. Thread-safe.
 */
public final class ClusterInformers implements ClusterListers, AutoCloseable {

  final SharedIndexInformer<Pod> pods;
  final SharedIndexInformer<Node> nodes;
  final SharedIndexInformer<PersistentVolumeClaim> pvcs;
  final SharedIndexInformer<PersistentVolume> pvs;
  final SharedIndexInformer<StorageClass> storageClasses;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<ReplicaSet> replicaSets;
  private final SharedIndexInformer<StatefulSet> statefulSets;
  private final SharedIndexInformer<ReplicationController> replicationControllers;
  private final SharedIndexInformer<PodDisruptionBudget> pdbs;
  private final SharedIndexInformer<Namespace> namespaces;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();

  public ClusterInformers(KubernetesClient client) {
    pods = add(client.pods().inAnyNamespace().runnableInformer(0));
    nodes = add(client.nodes().runnableInformer(0));
    pvcs = add(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
    pvs = add(client.persistentVolumes().runnableInformer(0));
    storageClasses = add(client.storage().v1().storageClasses().runnableInformer(0));
    services = add(client.services().inAnyNamespace().runnableInformer(0));
    replicaSets = add(client.apps().replicaSets().inAnyNamespace().runnableInformer(0));
    statefulSets = add(client.apps().statefulSets().inAnyNamespace().runnableInformer(0));
    replicationControllers = add(client.replicationControllers().inAnyNamespace().runnableInformer(0));
    pdbs = add(client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0));
    namespaces = add(client.namespaces().runnableInformer(0));
  }

  private <T> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
    all.add(informer);
    return informer;
  }

  /** Registers a handler; call before {@link #start}. */
  public <T> void handle(SharedIndexInformer<T> informer, ResourceEventHandler<T> handler) {
    informer.addEventHandler(handler);
  }

  /**
   * Starts every informer and waits until each has listed its resource.
   *
   * @throws IllegalStateException when they have not synced within {@code timeout}
   */
  public void start(Duration timeout) {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (SharedIndexInformer<?> i : all) {
      started.add(i.start().toCompletableFuture());
    }
    try {
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the scheduler's informers did not sync within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for informers", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("an informer failed to start: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public List<Service> services(String namespace) {
    return services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<ReplicaSet> replicaSets(String namespace) {
    return replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<StatefulSet> statefulSets(String namespace) {
    return statefulSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<ReplicationController> replicationControllers(String namespace) {
    return replicationControllers.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
    return pvcs.getStore().getByKey(namespace + "/" + name);
  }

  @Override
  public PersistentVolume persistentVolume(String name) {
    return pvs.getStore().getByKey(name);
  }

  @Override
  public List<PersistentVolume> persistentVolumes() {
    return pvs.getStore().list();
  }

  @Override
  public StorageClass storageClass(String name) {
    return storageClasses.getStore().getByKey(name);
  }

  @Override
  public List<PodDisruptionBudget> podDisruptionBudgets() {
    return pdbs.getStore().list();
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    Namespace ns = namespaces.getStore().getByKey(namespace);
    return ns == null || ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
  }

  @Override
  public Pod pod(String namespace, String name) {
    return pods.getStore().getByKey(namespace + "/" + name);
  }

  @Override
  public void close() {
    all.forEach(SharedIndexInformer::stop);
  }
}
