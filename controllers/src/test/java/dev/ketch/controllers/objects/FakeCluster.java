package dev.ketch.controllers.objects;

import dev.ketch.controllers.cache.ObjectCache;
import dev.ketch.controllers.time.Clock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory fake API for unit tests of reconcile logic: one {@link FakeObjects} per type, a
 * shared resourceVersion counter, timestamps from a (fake) clock, generateName suffixes
 * {@code 00001}, {@code 00002}…
 */
public final class FakeCluster implements Cluster {

  private final Clock clock;
  private final Map<Class<?>, FakeObjects<?>> stores = new HashMap<>();
  private long resourceVersion;
  private long suffix;

  public FakeCluster(Clock clock) {
    this.clock = clock;
  }

  Clock clock() {
    return clock;
  }

  synchronized String nextResourceVersion() {
    return Long.toString(++resourceVersion);
  }

  synchronized String nextSuffix() {
    return String.format("%05d", ++suffix);
  }

  /** The fake store of {@code type}. */
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> FakeObjects<T> objects(Class<T> type) {
    return (FakeObjects<T>) stores.computeIfAbsent(type, t -> new FakeObjects<>(this));
  }

  @Override
  public <T extends HasMetadata> ObjectCache<T> lister(Class<T> type) {
    return objects(type);
  }

  @Override
  public <T extends HasMetadata> ResourceClient<T> client(Class<T> type) {
    return objects(type);
  }
}
