package dev.ketch.controllers.objects;

import dev.ketch.controllers.cache.InformerCache;
import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.framework.Informers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Cluster} of the controller manager: shared informers and the manager's client. Thread-safe. */
public final class ApiCluster implements Cluster {

  private final KubernetesClient client;
  private final Informers informers;
  private final Map<Class<?>, ObjectCache<?>> listers = new ConcurrentHashMap<>();
  private final Map<Class<?>, ResourceClient<?>> clients = new ConcurrentHashMap<>();

  public ApiCluster(KubernetesClient client, Informers informers) {
    this.client = client;
    this.informers = informers;
  }

  /** The shared informer of {@code type}, for event handlers and sync checks. */
  public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
    return informers.forType(type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ObjectCache<T> lister(Class<T> type) {
    return (ObjectCache<T>) listers.computeIfAbsent(type, t -> new InformerCache<>(informers.forType(type)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ResourceClient<T> client(Class<T> type) {
    return (ResourceClient<T>) clients.computeIfAbsent(type, t -> new ApiResourceClient<>(client, type));
  }
}
