package dev.ketch.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.cache.CacheWatch;
import dev.ketch.apiserver.cache.CachedObject;
import dev.ketch.apiserver.cache.ObjectIndexer;
import dev.ketch.apiserver.cache.WatchCache;
import dev.ketch.apiserver.cache.WatchFilter;
import dev.ketch.apiserver.cache.WatchSink;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.fieldmanager.ObjectVersions;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.storage.ResourceStorage;
import dev.ketch.apiserver.storage.StorageConversion;
import dev.ketch.apiserver.storage.StorageException;
import dev.ketch.apiserver.storage.StoredObject;
import dev.ketch.apiserver.validation.MetadataValidation;
import dev.ketch.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic store of one resource, after Kubernetes' generic registry: names, system metadata,
 * resourceVersions, optimistic concurrency, lists and watches are handled here for every
 * resource; what differs per resource comes from its {@link ResourceStrategy}, its admission and
 * its {@link RegistryHooks}. Updates and patches are in {@link ObjectUpdates}, deletion in {@link
 * ObjectDeletion}.
 *
 * <p>Thread-safe; methods block on the store and are meant for request threads.
 */
public final class ResourceRegistry {

  private final ResourceType type;
  private final RegistryContext context;
  private final ResourceStrategy strategy;
  private final RegistryHooks hooks;
  private final WatchCache cache;
  private final ObjectIndexer indexer;
  private final ObjectUpdates updates;
  private final ObjectDeletion deletion;
  private final FieldTracking fields;

  private final ResourceStorage storage;

  ResourceRegistry(ResourceType type, RegistryContext context, RegistryHooks hooks, WatchCache cache, ObjectIndexer indexer,
      StorageConversion conversion, ObjectVersions versions) {
    this.type = type;
    this.context = context;
    this.storage = new ResourceStorage(context.storage(), conversion);
    this.strategy = context.strategies().forResource(type);
    this.hooks = hooks;
    this.cache = cache;
    this.indexer = indexer;
    this.fields = new FieldTracking(type, strategy, context.fieldManager(), versions);
    this.updates = new ObjectUpdates(this);
    this.deletion = new ObjectDeletion(this);
  }

  public ResourceType type() {
    return type;
  }

  ResourceStrategy strategy() {
    return strategy;
  }

  RegistryContext context() {
    return context;
  }

  RegistryHooks hooks() {
    return hooks;
  }

  WatchCache cache() {
    return cache;
  }

  FieldTracking fields() {
    return fields;
  }

  /** This resource's objects in the store, in this resource's form. */
  ResourceStorage storage() {
    return storage;
  }

  String key(String namespace, String name) {
    return context.keys().key(type, type.namespaced() ? namespace : "", name);
  }

  // ---- create ----

  /**
   * Creates an object from a request body.
   *
   * @param namespace the namespace of the request URL (ignored for cluster-scoped resources)
   * @return the object as stored, with its resourceVersion (without one on a dry run)
   */
  public ObjectNode create(String namespace, ObjectNode body, WriteOptions options) {
    checkTypeMeta(body);
    ObjectNode meta = metadata(body);
    if (type.namespaced()) {
      String bodyNs = meta.path("namespace").asText("");
      if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
        throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", namespace);
    } else {
      meta.remove("namespace");
    }
    if (!meta.path("resourceVersion").asText("").isEmpty()) {
      throw StatusException.badRequest("resourceVersion should not be set on objects to be created");
    }
    HasMetadata object = TypedObjects.toTyped(type, body);
    context.systemMetadata().forCreate(object.getMetadata(), strategy.tracksGeneration());
    strategy.applyDefaults(object);
    fields.recordWrite(null, object, options, "");
    strategy.prepareForCreate(object);
    String name = object.getMetadata().getName();
    AdmissionRequest admission =
        new AdmissionRequest(AdmissionRequest.Operation.CREATE, type, "", namespaceOf(object), name == null ? "" : name,
            object, null, options.userName(), options.userGroups(), options.dryRun(), context.lookup());
    context.namespaces().checkCreate(type, namespaceOf(object), name == null ? "" : name);
    context.admission().admit(admission);
    validateOrThrow(object, validateMetadata(object), strategy.validate(object), strategy.validateCreate(object));
    context.admission().validate(admission);
    RegistryHooks.Pending pending = hooks.beforeCreate(object);
    if (options.dryRun()) {
      pending.rollback();
      return TypedObjects.toTree(object);
    }
    try {
      ObjectNode stored = storage().create(key(object.getMetadata().getNamespace(), name), TypedObjects.toTree(object)).object();
      pending.commit();
      return stored;
    } catch (StorageException.KeyExists e) {
      pending.rollback();
      throw StatusException.alreadyExists(type, name);
    } catch (RuntimeException e) {
      pending.rollback();
      throw translate(e, name);
    }
  }

  private String namespaceOf(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }

  List<Cause> validateMetadata(HasMetadata object) {
    return MetadataValidation.validate(object.getMetadata(), type.namespaced(), strategy::validateName);
  }

  @SafeVarargs
  final void validateOrThrow(HasMetadata object, List<Cause>... lists) {
    List<Cause> all = new ArrayList<>();
    for (List<Cause> l : lists) {
      all.addAll(l);
    }
    if (!all.isEmpty()) {
      String name = object.getMetadata().getName();
      throw StatusException.invalid(type, name == null ? "" : name, all);
    }
  }

  /** A body's apiVersion and kind must be this resource's; missing ones are filled in. */
  void checkTypeMeta(ObjectNode body) {
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw StatusException.badRequest(
          "the API version in the data (" + apiVersion + ") does not match the expected API version (" + type.apiVersion() + ")");
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw StatusException.badRequest(
          "the kind in the data (" + kind + ") does not match the expected kind (" + type.kind() + ")");
    }
    body.put("apiVersion", type.apiVersion());
    body.put("kind", type.kind());
  }

  static ObjectNode metadata(ObjectNode body) {
    JsonNode m = body.get("metadata");
    if (m instanceof ObjectNode o) {
      return o;
    }
    if (m != null && !m.isNull()) {
      throw StatusException.badRequest("metadata must be an object");
    }
    return body.putObject("metadata");
  }

  // ---- read ----

  /**
   * Reads one object: current when {@code resourceVersion} is empty (from the store), from the
   * cache otherwise ("0": whatever it holds; a revision: at least that recent).
   */
  public ObjectNode get(String namespace, String name, String resourceVersion) {
    String key = key(namespace, name);
    try {
      if (resourceVersion == null || resourceVersion.isEmpty()) {
        StoredObject o = storage().get(key);
        if (o == null) {
          throw StatusException.notFound(type, name);
        }
        return o.object();
      }
      CachedObject o = cache.get(key, ResourceVersions.parse(resourceVersion));
      if (o == null) {
        throw StatusException.notFound(type, name);
      }
      return o.tree();
    } catch (StoreException e) {
      throw translate(e, name);
    }
  }

  /** The current stored object, or null; for the update and delete paths. */
  StoredObject current(String namespace, String name) {
    try {
      return storage().get(key(namespace, name));
    } catch (StoreException e) {
      throw translate(e, name);
    }
  }

  /**
   * Lists objects. Pages ({@code limit}, {@code continue}) and exact reads come from the store at
   * one revision; everything else from the watch cache, after it caught up with the store when
   * the read must be current.
   */
  public ListResult list(String namespace, ListOptions options) {
    WatchFilter filter = new WatchFilter(type.namespaced() ? namespace : "", options.selector());
    try {
      boolean paged = options.limit() > 0 && !"0".equals(options.resourceVersion()) || !options.continueToken().isEmpty();
      boolean exact = "Exact".equals(options.resourceVersionMatch());
      if (paged || exact) {
        return new Pager(this, filter, options).read();
      }
      long minRevision = switch (options.resourceVersion()) {
        case "" -> context.storage().store().currentRevision();
        case "0" -> 0;
        default -> ResourceVersions.parse(options.resourceVersion());
      };
      WatchCache.Snapshot s = cache.list(filter, minRevision);
      return new ListResult(s.items(), s.resourceVersion(), "", null);
    } catch (StoreException e) {
      throw translate(e, "");
    }
  }

  /** Watches objects; see {@link WatchCache#watch}. */
  public CacheWatch watch(String namespace, ListOptions options, WatchSink sink) {
    WatchFilter filter = new WatchFilter(type.namespaced() ? namespace : "", options.selector());
    boolean initialEvents = Boolean.TRUE.equals(options.sendInitialEvents());
    if (options.sendInitialEvents() != null) {
      if (initialEvents && !"NotOlderThan".equals(options.resourceVersionMatch())) {
        throw StatusException.invalidRequest(type,
            "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
      }
      if (initialEvents && !options.allowBookmarks()) {
        throw StatusException.invalidRequest(type, "allowWatchBookmarks: Forbidden: sendInitialEvents requires allowWatchBookmarks");
      }
    }
    String rv = options.resourceVersion();
    try {
      long from;
      if (rv.isEmpty() || "0".equals(rv) || initialEvents) {
        long minRevision = rv.isEmpty() ? context.storage().store().currentRevision() : "0".equals(rv) ? 0 : ResourceVersions.parse(rv);
        cache.awaitFresh(minRevision);
        from = initialEvents || options.sendInitialEvents() == null ? -1 : cache.resourceVersion();
      } else {
        from = ResourceVersions.parse(rv);
      }
      return cache.watch(filter, from, initialEvents, options.allowBookmarks(), sink);
    } catch (StoreException e) {
      throw translate(e, "");
    }
  }

  // ---- update, patch, delete ----

  /** Replaces an object (PUT); {@code subresource} is empty, "status" or another writable part. */
  public ObjectNode update(String namespace, String name, ObjectNode body, WriteOptions options, String subresource) {
    return updates.update(namespace, name, body, options, subresource);
  }

  /** Applies {@code patch} to the current object and writes the result, retrying on conflicts. */
  public ObjectNode patch(String namespace, String name, ObjectUpdates.Patch patch, WriteOptions options, String subresource) {
    return updates.patch(namespace, name, patch, options, subresource);
  }

  /**
   * Server-side apply: merges {@code config} into the object for {@code manager} and writes the
   * result, creating the object if it does not exist (not through a subresource).
   *
   * @return the object as stored, and whether the apply created it
   */
  public ApplyResult apply(String namespace, String name, ObjectNode config, String manager, boolean force,
      WriteOptions options, String subresource) {
    return updates.apply(namespace, name, config, manager, force, options, subresource);
  }

  /** What an apply stored, and whether it created the object. */
  public record ApplyResult(ObjectNode object, boolean created) {}

  /** Deletes an object; see {@link ObjectDeletion}. */
  public DeleteResult delete(String namespace, String name, DeleteOptions options, WriteOptions who) {
    return deletion.delete(namespace, name, options, who);
  }

  /** Deletes every object the options select, one by one; returns what was deleted or marked. */
  public List<ObjectNode> deleteCollection(String namespace, ListOptions selection, DeleteOptions options, WriteOptions who) {
    List<ObjectNode> out = new ArrayList<>();
    for (CachedObject o : list(namespace, selection.withLimit(0, "").withResourceVersion("")).items()) {
      try {
        DeleteResult r = deletion.delete(o.namespace(), o.name(), options, who);
        out.add(r.object());
      } catch (StatusException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    return out;
  }

  /** Turns store failures into API errors. */
  StatusException translate(RuntimeException e, String name) {
    if (e instanceof StatusException s) {
      return s;
    }
    if (e instanceof StoreException.CompactedException) {
      return StatusException.expired("The resourceVersion for the provided list is too old.");
    }
    if (e instanceof StoreException.FutureRevisionException) {
      return StatusException.timeout("Too large resource version");
    }
    if (e instanceof StoreException.RequestTooLargeException) {
      return StatusException.tooLarge(dev.ketch.store.KeyValueStore.MAX_REQUEST_BYTES);
    }
    if (e instanceof StoreException.UnavailableException) {
      return StatusException.unavailable("storage is unavailable: " + e.getMessage());
    }
    if (e instanceof StorageException.NotFound) {
      return StatusException.notFound(type, name);
    }
    throw e;
  }

  CachedObject index(StoredObject o) {
    return indexer.index(o.key(), o.object(), o.resourceVersion());
  }
}
