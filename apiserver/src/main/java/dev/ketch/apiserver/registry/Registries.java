package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.cache.CachedObject;
import dev.ketch.apiserver.cache.ObjectIndexer;
import dev.ketch.apiserver.cache.WatchCache;
import dev.ketch.apiserver.cache.WatchFilter;
import dev.ketch.apiserver.conversion.Conversions;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.fieldmanager.FieldManager;
import dev.ketch.apiserver.fieldmanager.schema.TypeSchemas;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.storage.ObjectKeys;
import dev.ketch.apiserver.storage.ObjectStorage;
import dev.ketch.apiserver.storage.StorageConversion;
import dev.ketch.store.KeyValueStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every resource's registry and watch cache over one store, plus what they share: lookups of
 * other objects for admission, the namespace lifecycle check, periodic watch bookmarks, and the
 * namespaces every cluster starts with.
 *
 * <p>Threads owned: one store watch per resource (through its cache), one delivery thread per
 * client watch, and a bookmark ticker. Thread-safe.
 */
public final class Registries implements ObjectLookup, NamespaceCheck, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Registries.class);

  /** The namespaces that exist from the start and cannot be deleted. */
  public static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /** How the registries are built. */
  public record Config(
      Strategies strategies,
      Admission admission,
      Function<ResourceType, ObjectIndexer> indexers,
      Function<ResourceType, RegistryHooks> hooks,
      int watchHistory,
      int watchQueue,
      long bookmarkIntervalMillis,
      InstantSource clock) {

    public static Config defaults() {
      return new Config(Strategies.none(), Admission.none(), t -> ObjectIndexer.basic(), t -> RegistryHooks.NONE,
          10_000, 1_000, 60_000, InstantSource.system());
    }

    public Config with(Strategies s, Admission a, Function<ResourceType, ObjectIndexer> i, Function<ResourceType, RegistryHooks> h) {
      return new Config(s, a, i, h, watchHistory, watchQueue, bookmarkIntervalMillis, clock);
    }
  }

  private final ResourceCatalog catalog;
  private final Map<ResourceType, ResourceRegistry> registries = new LinkedHashMap<>();
  private final List<WatchCache> caches = new ArrayList<>();
  private final ResourceType namespaces;
  private final ScheduledExecutorService bookmarks;

  public Registries(ResourceCatalog catalog, KeyValueStore store, Config config) {
    this.catalog = catalog;
    ObjectKeys keys = new ObjectKeys(catalog);
    RegistryContext context =
        new RegistryContext(keys, new ObjectStorage(store), config.strategies(), config.admission(), this, this,
            new SystemMetadata(config.clock()), new FieldManager(TypeSchemas.builtIn(), config.clock()));
    Conversions conversions = Conversions.builtIn(catalog);
    SharedStorageMigration.run(catalog, keys, context.storage(), conversions::forResource);
    for (ResourceType type : catalog.all()) {
      if (!type.stored()) {
        continue;
      }
      ObjectIndexer indexer = config.indexers().apply(type);
      StorageConversion conversion = conversions.forResource(type);
      WatchCache cache =
          new WatchCache(type, keys.prefix(type), store, conversion, indexer, config.watchHistory(), config.watchQueue());
      cache.start();
      caches.add(cache);
      registries.put(type, new ResourceRegistry(type, context, config.hooks().apply(type), cache, indexer, conversion,
          conversions.versions(type)));
    }
    this.namespaces = type("", "namespaces");
    this.bookmarks =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ketch-watch-bookmarks").daemon().factory());
    bookmarks.scheduleWithFixedDelay(
        () -> caches.forEach(WatchCache::sendBookmarks),
        config.bookmarkIntervalMillis(), config.bookmarkIntervalMillis(), TimeUnit.MILLISECONDS);
  }

  public ResourceCatalog catalog() {
    return catalog;
  }

  public ResourceRegistry registry(ResourceType type) {
    ResourceRegistry r = registries.get(type);
    if (r == null) {
      throw new IllegalArgumentException("no registry for " + type);
    }
    return r;
  }

  /** Creates the namespaces every cluster has, if they are missing. */
  public void bootstrap() {
    for (String name : INITIAL_NAMESPACES) {
      ObjectNode ns = Json.mapper().createObjectNode();
      ns.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", name);
      try {
        registry(namespaces).create("", ns, WriteOptions.system());
        log.info("created namespace={}", name);
      } catch (StatusException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
  }

  // ---- NamespaceCheck ----

  @Override
  public void checkCreate(ResourceType type, String namespace, String name) {
    if (!type.namespaced()) {
      return;
    }
    CachedObject ns = registries.get(namespaces).cache().get(namespaceKey(namespace), 0);
    if (ns == null) {
      // The cache may be a moment behind a namespace created just now: ask the store.
      if (registries.get(namespaces).current("", namespace) == null) {
        throw StatusException.notFound(namespaces, namespace);
      }
      return;
    }
    if ("Terminating".equals(ns.tree().path("status").path("phase").asText())) {
      throw StatusException.forbidden(type.plural() + " \"" + name + "\" is forbidden: unable to create new content in namespace "
          + namespace + " because it is being terminated");
    }
  }

  private String namespaceKey(String name) {
    return registries.get(namespaces).key("", name);
  }

  // ---- ObjectLookup ----

  @Override
  public <T extends HasMetadata> Optional<T> get(ResourceType type, String namespace, String name, Class<T> modelClass) {
    ResourceRegistry r = registry(type);
    CachedObject o = r.cache().get(r.key(namespace, name), 0);
    return o == null ? Optional.empty() : Optional.of(Json.convert(o.tree(), modelClass));
  }

  @Override
  public <T extends HasMetadata> List<T> list(ResourceType type, String namespace, Class<T> modelClass) {
    List<T> out = new ArrayList<>();
    for (CachedObject o : registry(type).cache().list(new WatchFilter(namespace, x -> true), 0).items()) {
      out.add(Json.convert(o.tree(), modelClass));
    }
    return out;
  }

  @Override
  public ResourceType type(String group, String plural) {
    for (ResourceType t : catalog.all()) {
      if (t.group().equals(group) && t.plural().equals(plural)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown resource " + plural + "." + group);
  }

  /** Client watches being served, across resources. */
  public int watchCount() {
    int n = 0;
    for (WatchCache c : caches) {
      n += c.watchCount();
    }
    return n;
  }

  public Optional<ResourceType> find(GroupVersion gv, String plural) {
    return catalog.byResource(gv, plural);
  }

  @Override
  public void close() {
    bookmarks.shutdownNow();
    caches.forEach(WatchCache::close);
  }
}
