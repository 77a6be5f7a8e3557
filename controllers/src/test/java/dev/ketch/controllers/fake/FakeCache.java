package dev.ketch.controllers.fake;

import dev.ketch.controllers.cache.ObjectCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** An informer cache in memory, as client-go's fake indexers. Thread-safe. */
public final class FakeCache<T extends HasMetadata> implements ObjectCache<T> {

  private final Map<String, T> objects = new TreeMap<>();
  private final Map<String, Function<T, List<String>>> indexes = new ConcurrentHashMap<>();

  private static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** Adds an index, as an informer's indexer. */
  public FakeCache<T> addIndex(String name, Function<T, List<String>> function) {
    indexes.put(name, function);
    return this;
  }

  public synchronized void put(T object) {
    objects.put(key(object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
  }

  public synchronized void remove(String namespace, String name) {
    objects.remove(key(namespace, name));
  }

  synchronized void replaceAll(List<T> all) {
    objects.clear();
    all.forEach(this::put);
  }

  @Override
  public synchronized T get(String namespace, String name) {
    return objects.get(key(namespace, name));
  }

  @Override
  public synchronized List<T> list(String namespace) {
    List<T> out = new ArrayList<>();
    for (T o : objects.values()) {
      if (Objects.equals(o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace(), namespace)) {
        out.add(o);
      }
    }
    return out;
  }

  @Override
  public synchronized List<T> listAll() {
    return new ArrayList<>(objects.values());
  }

  @Override
  public synchronized List<T> byIndex(String index, String value) {
    Function<T, List<String>> f = indexes.get(index);
    if (f == null) {
      throw new IllegalArgumentException("no index " + index);
    }
    return objects.values().stream().filter(o -> f.apply(o).contains(value)).toList();
  }

  @Override
  public boolean hasSynced() {
    return true;
  }
}
