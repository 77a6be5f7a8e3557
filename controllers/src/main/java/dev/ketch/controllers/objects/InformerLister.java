package dev.ketch.controllers.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A {@link Lister} over a fabric8 informer's cache (its namespace index). Thread-safe. */
public final class InformerLister<T extends HasMetadata> implements Lister<T> {

  /** fabric8's built-in index of objects by namespace. */
  private static final String NAMESPACE_INDEX = "namespace";

  private final SharedIndexInformer<T> informer;

  public InformerLister(SharedIndexInformer<T> informer) {
    this.informer = informer;
  }

  @Override
  public T get(String namespace, String name) {
    String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    return informer.getStore().getByKey(key);
  }

  @Override
  public List<T> list(String namespace) {
    return informer.getIndexer().byIndex(NAMESPACE_INDEX, namespace == null ? "" : namespace);
  }

  @Override
  public List<T> listAll() {
    return informer.getStore().list();
  }

  /** Objects whose {@code index} value is {@code value}; the index must have been added. */
  public List<T> byIndex(String index, String value) {
    return informer.getIndexer().byIndex(index, value);
  }

  /**
   * Adds an index to a shared informer unless one of that name is there already, so that several
   * controllers may ask for the same index.
   */
  public static <T> void ensureIndex(SharedIndexInformer<T> informer, String name, Function<T, List<String>> index) {
    synchronized (informer) {
      if (!informer.getIndexer().getIndexers().containsKey(name)) {
        informer.addIndexers(Map.of(name, index));
      }
    }
  }
}
