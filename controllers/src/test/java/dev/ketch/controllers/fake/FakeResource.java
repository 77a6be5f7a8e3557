package dev.ketch.controllers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.controllers.client.JsonPatch;
import dev.ketch.controllers.client.ResourceClient;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One type's objects in a {@link FakeApi}: the server's state, written through {@link
 * ResourceClient}, and the {@link FakeCache} controllers read. Objects are copied in and out, as
 * over the wire. Thread-safe.
 *
 * @param <T> the object type
 */
public final class FakeResource<T extends HasMetadata> implements ResourceClient<T> {

  private final FakeApi api;
  private final Class<T> type;
  private final String kind;
  private final Map<String, T> objects = new TreeMap<>();
  private final FakeCache<T> cache = new FakeCache<>();

  FakeResource(FakeApi api, Class<T> type) {
    this.api = api;
    this.type = type;
    this.kind = HasMetadata.getKind(type);
  }

  public FakeCache<T> cache() {
    return cache;
  }

  private static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  private T copy(T o) {
    return o == null ? null : api.json.clone(o);
  }

  /**
   * Puts {@code object} in the server and cache as a test's starting state (not a request): a
   * name, uid, resourceVersion, creationTimestamp and generation are filled in when missing.
   */
  public synchronized T add(T object) {
    T o = copy(object);
    var meta = o.getMetadata();
    if (meta.getName() == null) {
      meta.setName(meta.getGenerateName() + suffix());
    }
    if (meta.getUid() == null) {
      meta.setUid(UUID.nameUUIDFromBytes((kind + "/" + key(meta.getNamespace(), meta.getName())).getBytes()).toString());
    }
    if (meta.getCreationTimestamp() == null) {
      meta.setCreationTimestamp(Timestamps.format(api.clock.now()));
    }
    if (meta.getGeneration() == null) {
      meta.setGeneration(1L);
    }
    meta.setResourceVersion(Long.toString(api.resourceVersions.incrementAndGet()));
    objects.put(key(meta.getNamespace(), meta.getName()), o);
    cache.put(copy(o));
    return copy(o);
  }

  /** The object as the server has it, or null. */
  public synchronized T stored(String namespace, String name) {
    return copy(objects.get(key(namespace, name)));
  }

  /** Every object the server has in {@code namespace}. */
  public synchronized List<T> stored(String namespace) {
    List<T> out = new ArrayList<>();
    for (T o : objects.values()) {
      if (Objects.equals(o.getMetadata().getNamespace(), namespace)) {
        out.add(copy(o));
      }
    }
    return out;
  }

  /** Every object the server has. */
  public synchronized List<T> stored() {
    return objects.values().stream().map(this::copy).toList();
  }

  synchronized void syncCache() {
    cache.replaceAll(objects.values().stream().map(this::copy).toList());
  }

  private void written(T o) {
    if (!api.frozen()) {
      cache.put(copy(o));
    }
  }

  private void removed(String namespace, String name) {
    if (!api.frozen()) {
      cache.remove(namespace, name);
    }
  }

  private String suffix() {
    String s = Long.toString(api.names.incrementAndGet(), 36);
    return "x".repeat(Math.max(0, 5 - s.length())) + s;
  }

  private String nextVersion() {
    return Long.toString(api.resourceVersions.incrementAndGet());
  }

  @Override
  public synchronized T get(String namespace, String name) {
    api.record(new FakeApi.Action("get", kind, namespace, name), null);
    return copy(objects.get(key(namespace, name)));
  }

  @Override
  public synchronized T create(T object) {
    T o = copy(object);
    var meta = o.getMetadata();
    if (meta.getName() == null || meta.getName().isEmpty()) {
      meta.setName(meta.getGenerateName() + suffix());
    }
    api.record(new FakeApi.Action("create", kind, meta.getNamespace(), meta.getName()), o);
    String key = key(meta.getNamespace(), meta.getName());
    if (objects.containsKey(key)) {
      throw FakeApi.error(409, "AlreadyExists", kind + " \"" + meta.getName() + "\" already exists");
    }
    meta.setUid(UUID.randomUUID().toString());
    meta.setResourceVersion(nextVersion());
    meta.setCreationTimestamp(Timestamps.format(api.clock.now()));
    meta.setGeneration(1L);
    objects.put(key, o);
    written(o);
    return copy(o);
  }

  @Override
  public synchronized T update(T object) {
    return put(object, false);
  }

  @Override
  public synchronized T updateStatus(T object) {
    return put(object, true);
  }

  private T put(T object, boolean status) {
    T o = copy(object);
    var meta = o.getMetadata();
    api.record(new FakeApi.Action(status ? "updateStatus" : "update", kind, meta.getNamespace(), meta.getName()), o);
    String key = key(meta.getNamespace(), meta.getName());
    T old = objects.get(key);
    if (old == null) {
      throw FakeApi.error(404, "NotFound", kind + " \"" + meta.getName() + "\" not found");
    }
    if (meta.getResourceVersion() != null && !meta.getResourceVersion().equals(old.getMetadata().getResourceVersion())) {
      throw FakeApi.error(409, "Conflict", "Operation cannot be fulfilled on " + kind + " \"" + meta.getName()
          + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
    ObjectNode oldTree = api.json.convertValue(old, ObjectNode.class);
    ObjectNode newTree = api.json.convertValue(o, ObjectNode.class);
    ObjectNode result;
    boolean subresource = !FakeApi.NO_STATUS_SUBRESOURCE.contains(kind);
    if (status) {
      result = oldTree.deepCopy();
      if (newTree.has("status")) {
        result.set("status", newTree.get("status"));
      } else {
        result.remove("status");
      }
      // A status write may change annotations, not labels, as the API's status strategies.
      ((ObjectNode) result.get("metadata")).set("annotations", newTree.path("metadata").get("annotations"));
    } else {
      result = newTree.deepCopy();
      if (subresource) {
        if (oldTree.has("status")) {
          result.set("status", oldTree.get("status"));
        } else {
          result.remove("status");
        }
      }
    }
    ObjectNode m = (ObjectNode) result.get("metadata");
    m.put("uid", old.getMetadata().getUid());
    m.put("creationTimestamp", old.getMetadata().getCreationTimestamp());
    long generation = old.getMetadata().getGeneration() == null ? 1 : old.getMetadata().getGeneration();
    if (!status && !Objects.equals(oldTree.get("spec"), result.get("spec"))) {
      generation++;
    }
    m.put("generation", generation);
    if (result.equals(oldTree)) {
      return copy(old);
    }
    m.put("resourceVersion", nextVersion());
    T stored = api.json.convertValue(result, type);
    objects.put(key, stored);
    written(stored);
    return copy(stored);
  }

  @Override
  public synchronized T jsonPatch(String namespace, String name, JsonPatch patch) {
    api.record(new FakeApi.Action("patch", kind, namespace, name), null);
    T old = objects.get(key(namespace, name));
    if (old == null) {
      throw FakeApi.error(404, "NotFound", kind + " \"" + name + "\" not found");
    }
    JsonNode tree = api.json.convertValue(old, ObjectNode.class);
    for (Map<String, Object> op : patch.operations()) {
      tree = apply(tree, op);
    }
    ObjectNode m = (ObjectNode) tree.get("metadata");
    m.put("resourceVersion", nextVersion());
    T stored = api.json.convertValue(tree, type);
    objects.put(key(namespace, name), stored);
    written(stored);
    return copy(stored);
  }

  private JsonNode apply(JsonNode root, Map<String, Object> op) {
    String path = (String) op.get("path");
    JsonNode value = op.containsKey("value") ? api.json.convertValue(op.get("value"), JsonNode.class) : null;
    List<String> segments = new ArrayList<>();
    for (String s : path.substring(1).split("/", -1)) {
      segments.add(s.replace("~1", "/").replace("~0", "~"));
    }
    JsonNode parent = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      parent = child(parent, segments.get(i));
      if (parent == null || parent.isMissingNode() || parent.isNull()) {
        throw FakeApi.error(422, "Invalid", "path " + path + " does not exist");
      }
    }
    String last = segments.getLast();
    switch ((String) op.get("op")) {
      case "test" -> {
        JsonNode actual = child(parent, last);
        if (actual == null || !actual.equals(value)) {
          throw FakeApi.error(422, "Invalid", "test failed at " + path);
        }
      }
      case "remove" -> {
        if (parent instanceof ArrayNode a) {
          int i = Integer.parseInt(last);
          if (i >= a.size()) {
            throw FakeApi.error(422, "Invalid", "no element at " + path);
          }
          a.remove(i);
        } else if (parent instanceof ObjectNode o && o.has(last)) {
          o.remove(last);
        } else {
          throw FakeApi.error(422, "Invalid", "nothing to remove at " + path);
        }
      }
      case "add", "replace" -> {
        if (parent instanceof ArrayNode a) {
          if (last.equals("-")) {
            a.add(value);
          } else {
            a.insert(Integer.parseInt(last), value);
          }
        } else {
          ((ObjectNode) parent).set(last, value);
        }
      }
      default -> throw new IllegalArgumentException("op " + op.get("op"));
    }
    return root;
  }

  private static JsonNode child(JsonNode node, String segment) {
    if (node instanceof ArrayNode a) {
      int i = Integer.parseInt(segment);
      return i < a.size() ? a.get(i) : null;
    }
    return node.get(segment);
  }

  @Override
  public synchronized void delete(String namespace, String name, String uid) {
    api.record(new FakeApi.Action("delete", kind, namespace, name), null);
    T old = objects.get(key(namespace, name));
    if (old == null) {
      throw FakeApi.error(404, "NotFound", kind + " \"" + name + "\" not found");
    }
    if (uid != null && !uid.equals(old.getMetadata().getUid())) {
      throw FakeApi.error(409, "Conflict", "Precondition failed: UID in precondition: " + uid + ", UID in object meta: "
          + old.getMetadata().getUid());
    }
    objects.remove(key(namespace, name));
    removed(namespace, name);
  }
}
