package dev.ketch.controllers.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** An {@link ObjectCache} over a fabric8 shared informer's indexer. Thread-safe. */
public final class InformerCache<T extends HasMetadata> implements ObjectCache<T> {

  private final SharedIndexInformer<T> informer;

  public InformerCache(SharedIndexInformer<T> informer) {
    this.informer = Objects.requireNonNull(informer, "informer");
  }

  /**
   * Adds index {@code name} to {@code informer} unless it already has one of that name (another
   * controller sharing the informer may have added it). Call before the informer starts.
   */
  public static <T> void ensureIndex(SharedIndexInformer<T> informer, String name, Function<T, List<String>> function) {
    synchronized (informer) {
      if (!informer.getIndexer().getIndexers().containsKey(name)) {
        informer.addIndexers(Map.of(name, function));
      }
    }
  }

  public SharedIndexInformer<T> informer() {
    return informer;
  }

  @Override
  public T get(String namespace, String name) {
    String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    return informer.getIndexer().getByKey(key);
  }

  @Override
  public List<T> list(String namespace) {
    return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace == null ? "" : namespace);
  }

  @Override
  public List<T> listAll() {
    return informer.getIndexer().list();
  }

  @Override
  public List<T> byIndex(String index, String value) {
    return informer.getIndexer().byIndex(index, value);
  }

  @Override
  public boolean hasSynced() {
    return informer.hasSynced();
  }
}
