package dev.ketch.apiserver.cache;

import java.util.function.Predicate;

/**
 * What a watch or list wants: a namespace (empty for all) and a predicate over objects (labels,
 * fields).
 */
public record WatchFilter(String namespace, Predicate<CachedObject> predicate) {

  public static WatchFilter everything() {
    return new WatchFilter("", o -> true);
  }

  public boolean matches(CachedObject object) {
    return (namespace.isEmpty() || namespace.equals(object.namespace())) && predicate.test(object);
  }
}
