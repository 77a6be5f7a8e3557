package dev.ketch.apiserver.storage;

import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import java.util.HashMap;
import java.util.Map;

/**
 * Where objects live in the store: {@code /registry/<resource>/<namespace>/<name>} for namespaced
 * objects and {@code /registry/<resource>/<name>} for cluster-scoped ones, as kube-apiserver lays
 * them out in etcd, so {@code etcdctl get /registry/pods --prefix --keys-only} shows the pods. When
 * two groups serve a resource of the same name, the non-core one is kept apart under {@code
 * /registry/<group>/<resource>/}.
 */
public final class ObjectKeys {

  private final Map<ResourceType, String> prefixes = new HashMap<>();

  public ObjectKeys(ResourceCatalog catalog) {
    Map<String, Integer> plurals = new HashMap<>();
    for (ResourceType t : catalog.all()) {
      if (catalog.storageOf(t).equals(t)) {
        plurals.merge(t.plural(), 1, Integer::sum);
      }
    }
    for (ResourceType t : catalog.all()) {
      ResourceType stored = catalog.storageOf(t);
      boolean shared = plurals.get(stored.plural()) > 1 && !stored.group().isEmpty();
      prefixes.put(t, "/registry/" + (shared ? stored.group() + "/" : "") + stored.plural() + "/");
    }
  }

  /** The prefix under which every object of the type lives, ending in '/'. */
  public String prefix(ResourceType type) {
    String p = prefixes.get(type);
    if (p == null) {
      throw new IllegalArgumentException("unknown resource " + type);
    }
    return p;
  }

  /** The prefix of one namespace's objects, or of all objects when {@code namespace} is empty. */
  public String prefix(ResourceType type, String namespace) {
    return type.namespaced() && !namespace.isEmpty() ? prefix(type) + namespace + "/" : prefix(type);
  }

  public String key(ResourceType type, String namespace, String name) {
    return type.namespaced() ? prefix(type) + namespace + "/" + name : prefix(type) + name;
  }
}
