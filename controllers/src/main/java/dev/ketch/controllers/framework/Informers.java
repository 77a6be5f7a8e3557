package dev.ketch.controllers.framework;

import dev.ketch.controllers.discovery.ApiResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers controllers share: one per type or resource, so that two controllers watching pods
 * share one watch and one cache. Typed informers come from fabric8's {@link SharedInformerFactory};
 * informers of resources known only from discovery (the garbage collector's) are generic, keeping
 * only the metadata the garbage collector reads, as upstream's metadata informers.
 *
 * <p>Controllers register informers when they are created, before {@link #start()}; informers
 * registered after it start at once. Thread-safe. Threads: fabric8's, on the client's executor.
 */
public final class Informers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Informers.class);

  private final KubernetesClient client;
  private final SharedInformerFactory factory;
  private final long resyncMillis;
  private final Map<ApiResource, SharedIndexInformer<GenericKubernetesResource>> generic = new LinkedHashMap<>();
  private boolean started;
  private boolean closed;

  /**
   * @param resync how often handlers see every cached object again as an update; zero for never
   */
  public Informers(KubernetesClient client, Duration resync) {
    this.client = client;
    this.factory = client.informers();
    this.resyncMillis = resync.toMillis();
  }

  /** The shared informer of {@code type} in every namespace. */
  public synchronized <T extends HasMetadata> SharedIndexInformer<T> forType(Class<T> type) {
    checkOpen();
    SharedIndexInformer<T> existing = factory.getExistingSharedIndexInformer(type);
    if (existing != null) {
      return existing;
    }
    SharedIndexInformer<T> informer = factory.sharedIndexInformerFor(type, resyncMillis);
    if (started) {
      factory.startAllRegisteredInformers();
    }
    return informer;
  }

  /**
   * The shared metadata informer of {@code resource} in every namespace: its cached objects keep
   * only name, namespace, uid, resourceVersion, ownerReferences, finalizers and deletionTimestamp.
   */
  public synchronized SharedIndexInformer<GenericKubernetesResource> forResource(ApiResource resource) {
    checkOpen();
    SharedIndexInformer<GenericKubernetesResource> informer = generic.get(resource);
    if (informer != null) {
      return informer;
    }
    informer = client.genericKubernetesResources(resource.definitionContext()).inAnyNamespace().runnableInformer(resyncMillis);
    informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, GenericKubernetesResource.class,
        client.getKubernetesSerialization(), "metadata.uid", "metadata.ownerReferences", "metadata.finalizers",
        "metadata.deletionTimestamp"));
    generic.put(resource, informer);
    if (started) {
      startGeneric(resource, informer);
    }
    return informer;
  }

  /** Stops and forgets the informer of {@code resource}, if there is one. */
  public synchronized void remove(ApiResource resource) {
    SharedIndexInformer<GenericKubernetesResource> informer = generic.remove(resource);
    if (informer != null) {
      informer.stop();
    }
  }

  /** Starts every registered informer; later ones start when registered. Idempotent. */
  public synchronized void start() {
    checkOpen();
    if (started) {
      return;
    }
    started = true;
    factory.startAllRegisteredInformers();
    generic.forEach(this::startGeneric);
  }

  private void startGeneric(ApiResource resource, SharedIndexInformer<GenericKubernetesResource> informer) {
    informer.start().whenComplete((v, e) -> {
      if (e != null) {
        log.warn("informer failed to start resource={}: {}", resource, e.toString());
      }
    });
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("informers are closed");
    }
  }

  /** Stops every informer. Idempotent. */
  @Override
  public void close() {
    List<SharedIndexInformer<GenericKubernetesResource>> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>(generic.values());
      generic.clear();
    }
    toStop.forEach(SharedIndexInformer::stop);
    factory.stopAllRegisteredInformers();
  }
}
