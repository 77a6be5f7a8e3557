package dev.ketch.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import dev.ketch.apiserver.fieldmanager.schema.TypeSchemas;
import dev.ketch.apiserver.fieldmanager.structured.Comparison;
import dev.ketch.apiserver.fieldmanager.structured.FieldSets;
import dev.ketch.apiserver.fieldmanager.structured.ValueException;
import dev.ketch.apiserver.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks who owns which fields of every object in {@code metadata.managedFields}, and performs
 * server-side apply, in the layers kube-apiserver's field manager stacks around
 * structured-merge-diff:
 *
 * <ul>
 *   <li>every write records its manager (the request's {@code fieldManager}, by default the user
 *       agent's program name) with operation {@code Update}, the API version and the subresource;
 *       the entry's time moves only when the write changed what the manager owns;
 *   <li>objects never tracked (no managed fields) are not tracked by updates; their first apply
 *       gives what they hold to {@code before-first-apply};
 *   <li>type and identity fields ({@code apiVersion}, {@code kind}, {@code metadata.name},
 *       {@code uid}, …) are never owned, nor the fields the write's strategy resets;
 *   <li>at most ten update entries are kept, the oldest merged into {@code ancient-changes};
 *   <li>applies by {@code kubectl} respect, and keep up to date, the last-applied annotation of
 *       client-side apply, so moving from one to the other needs no force.
 * </ul>
 *
 * <p>Objects are JSON trees of the model; the methods change {@code next} in place and never the
 * live object. Thread-safe.
 */
public final class FieldManager {

  private static final Logger log = LoggerFactory.getLogger(FieldManager.class);

  /** Update entries kept before the oldest are merged. */
  static final int MAX_UPDATE_MANAGERS = 10;
  static final String BEFORE_FIRST_APPLY = "before-first-apply";
  static final String ANCIENT_CHANGES = "ancient-changes";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** Fields nobody owns: what identifies an object and what the server maintains. */
  private static final FieldSet NEVER_OWNED = FieldSet.of(
      FieldPath.fields("apiVersion"), FieldPath.fields("kind"), FieldPath.fields("metadata"),
      FieldPath.fields("metadata", "name"), FieldPath.fields("metadata", "namespace"),
      FieldPath.fields("metadata", "creationTimestamp"), FieldPath.fields("metadata", "selfLink"),
      FieldPath.fields("metadata", "uid"), FieldPath.fields("metadata", "clusterName"),
      FieldPath.fields("metadata", "generation"), FieldPath.fields("metadata", "managedFields"),
      FieldPath.fields("metadata", "resourceVersion"));

  private static final ObjectMapper SORTED_KEYS =
      Json.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final TypeSchemas schemas;
  private final InstantSource clock;

  public FieldManager(TypeSchemas schemas, InstantSource clock) {
    this.schemas = schemas;
    this.clock = clock;
  }

  /**
   * What a write is about.
   *
   * @param apiVersion the API version the request uses, e.g. {@code apps/v1}
   * @param kind the kind, e.g. {@code Deployment}
   * @param versions the versions the kind is served in, and conversion between them
   * @param subresource the subresource written through ({@code status}, {@code scale}), or empty
   * @param resetFields the fields this write's strategy resets, which nobody owns through it
   */
  public record Scope(String apiVersion, String kind, ObjectVersions versions, String subresource, FieldSet resetFields) {}

  // ---- updates: create, update, non-apply patches

  /**
   * Records a non-apply write of {@code next} over {@code live} by {@code manager}, setting {@code
   * next}'s managed fields. Managed fields the client sent in {@code next} are taken as the new
   * ones (clients may edit them; an empty list clears them), except through subresources.
   *
   * @param live the object as stored, or null for a create
   */
  public void update(Scope scope, ObjectNode live, ObjectNode next, String manager) {
    ManagedFields managed = liveOrNew(live, next, !scope.subresource().isEmpty());
    ObjectNode nextMeta = metadata(next);
    nextMeta.remove("managedFields");
    if (managed.isEmpty() && live != null && !live.path("metadata").path("uid").asText("").isEmpty()) {
      // Not tracked until it is applied to.
      return;
    }
    try {
      managed = recordUpdate(scope, live, next, managed, manager);
    } catch (ValueException e) {
      // Upstream keeps the object's managed fields rather than fail the write.
      log.error("failed to update managedFields kind={} object={}/{}", scope.kind(),
          nextMeta.path("namespace").asText(""), nextMeta.path("name").asText(""), e);
      JsonNode previous = live == null ? null : live.path("metadata").get("managedFields");
      if (previous != null) {
        nextMeta.set("managedFields", previous.deepCopy());
      }
      return;
    }
    ArrayNode encoded = managed.encode();
    if (encoded != null) {
      nextMeta.set("managedFields", encoded);
    }
  }

  private static ManagedFields liveOrNew(ObjectNode live, ObjectNode next, boolean subresource) {
    JsonNode liveFields = live == null ? null : live.path("metadata").get("managedFields");
    if (subresource) {
      return decodeOrEmpty(liveFields);
    }
    JsonNode sent = next.path("metadata").get("managedFields");
    if (ManagedFields.isReset(sent)) {
      return ManagedFields.empty();
    }
    ManagedFields decoded = decodeOrEmpty(sent);
    return decoded.isEmpty() ? decodeOrEmpty(liveFields) : decoded;
  }

  private static ManagedFields decodeOrEmpty(JsonNode entries) {
    try {
      return ManagedFields.decode(entries);
    } catch (ManagedFields.DecodeException e) {
      return ManagedFields.empty();
    }
  }

  /** The update layers: the write under a stand-in name, then merged into the manager's entry. */
  private ManagedFields recordUpdate(Scope scope, ObjectNode live, ObjectNode next, ManagedFields managed, String manager) {
    Updater updater = updater(scope);
    TypeNode type = schemas.forClass(modelClass(scope));
    TypedObject from = new TypedObject(live == null ? null : withoutManagedFields(live), type, scope.apiVersion());
    TypedObject to = new TypedObject(withoutManagedFields(next), type, scope.apiVersion());
    Map<ManagerId, VersionedSet> managers = updater.update(from, to, managed.managers(), ManagerId.CURRENT_OPERATION);
    Map<ManagerId, String> times = new LinkedHashMap<>(managed.times());
    VersionedSet current = managers.remove(ManagerId.CURRENT_OPERATION);
    if (current != null) {
      FieldSet set = current.set().difference(NEVER_OWNED);
      if (!set.isEmpty()) {
        ManagerId id = ManagerId.updater(manager.isEmpty() ? "unknown" : manager, scope.apiVersion(), scope.subresource());
        VersionedSet previous = managers.get(id);
        managers.put(id, new VersionedSet(previous == null ? set : set.union(previous.set()), scope.apiVersion(), false));
        times.put(id, now());
      }
    }
    times.keySet().retainAll(managers.keySet());
    return capUpdaters(new ManagedFields(managers, times));
  }

  /** Merges the oldest update entries, per API version, until at most ten are left. */
  private static ManagedFields capUpdaters(ManagedFields managed) {
    List<ManagerId> updaters = new ArrayList<>();
    managed.managers().forEach((id, set) -> {
      if (!set.applied()) {
        updaters.add(id);
      }
    });
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return managed;
    }
    updaters.sort((a, b) -> {
      int c = Long.compare(seconds(managed.times().get(a)), seconds(managed.times().get(b)));
      return c != 0 ? c : a.toString().compareTo(b.toString());
    });
    Map<ManagerId, VersionedSet> managers = managed.managers();
    Map<ManagerId, String> times = managed.times();
    Map<String, ManagerId> firstOfVersion = new LinkedHashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagerId id = updaters.get(i);
      VersionedSet set = managers.get(id);
      String version = set.apiVersion();
      ManagerId bucket = ManagerId.updater(ANCIENT_CHANGES, version, "");
      ManagerId first = firstOfVersion.get(version);
      if (first == null) {
        firstOfVersion.put(version, id);
        continue;
      }
      if (!managers.containsKey(bucket)) {
        managers.put(bucket, managers.remove(first));
        times.remove(first);
      }
      managers.put(bucket, new VersionedSet(set.set().union(managers.get(bucket).set()), version, false));
      managers.remove(id);
      String time = times.remove(id);
      if (time != null) {
        times.put(bucket, time);
      }
      length--;
    }
    return new ManagedFields(managers, times);
  }

  // ---- server-side apply

  /**
   * Applies {@code config} for {@code manager}: the object it describes merged into {@code live}
   * (or into nothing, for a create), with the managed fields updated.
   *
   * @param live the object as stored, or null if there is none
   * @return the object to store; equal to {@code live} (apart from managed fields) when the apply
   *     changes nothing
   * @throws StatusException 400 for a configuration of another kind or carrying managed fields, 409
   *     for conflicts with other managers (unless {@code force}), 500 for a configuration that
   *     does not fit the schema, as upstream
   */
  public ObjectNode apply(Scope scope, ObjectNode live, ObjectNode config, String manager, boolean force) {
    String gvk = gvk(config.path("apiVersion").asText(""), config.path("kind").asText(""));
    if (!config.path("apiVersion").asText("").equals(scope.apiVersion()) || !config.path("kind").asText("").equals(scope.kind())) {
      throw StatusException.badRequest("invalid object type: " + gvk);
    }
    if (config.path("metadata").has("managedFields")) {
      throw StatusException.badRequest("metadata.managedFields must be nil");
    }
    ManagedFields managed = ManagedFields.empty();
    if (live != null) {
      try {
        managed = ManagedFields.decode(live.path("metadata").get("managedFields"));
      } catch (ManagedFields.DecodeException e) {
        throw StatusException.unknown("failed to decode managed fields: " + e.getMessage());
      }
    }
    TypeNode type = schemas.forClass(modelClass(scope));
    try {
      FieldSets.of(type, config);
    } catch (ValueException e) {
      throw StatusException.unknown("failed to create typed patch object (" + objectName(config) + "; " + gvk + "): " + e.getMessage());
    }
    if (managed.isEmpty() && live != null) {
      // What the object held before it was first applied to belongs to a placeholder.
      ObjectNode empty = Json.mapper().createObjectNode();
      managed = recordUpdate(scope, empty, live, managed, BEFORE_FIRST_APPLY);
    }
    ObjectNode result;
    try {
      result = applyOnce(scope, type, live, config, managed, manager, force);
    } catch (Conflicts c) {
      List<Conflicts.Conflict> remaining = "kubectl".equals(manager) ? notFromLastApplied(scope, type, live, c) : c.conflicts();
      if (!remaining.isEmpty()) {
        throw conflictError(remaining);
      }
      // Every conflict is a field client-side apply set as kubectl now applies it: take them.
      result = applyOnce(scope, type, live, config, managed, manager, true);
    }
    if ("kubectl".equals(manager) && live != null && !live.path("metadata").path("annotations").path(LAST_APPLIED).asText("").isEmpty()) {
      metadata(result).with("annotations").put(LAST_APPLIED, lastApplied(config));
    }
    return result;
  }

  private ObjectNode applyOnce(
      Scope scope, TypeNode type, ObjectNode live, ObjectNode config, ManagedFields managed, String manager, boolean force) {
    Updater updater = updater(scope);
    ManagerId id = ManagerId.applier(manager, scope.subresource());
    TypedObject from = new TypedObject(live == null ? null : withoutManagedFields(live), type, scope.apiVersion());
    TypedObject applied = new TypedObject(config, type, scope.apiVersion());
    Updater.Applied result;
    try {
      result = updater.apply(from, applied, managed.managers(), id, force);
    } catch (ValueException e) {
      throw StatusException.unknown("failed to merge the applied configuration (" + objectName(config) + "): " + e.getMessage());
    }
    Map<ManagerId, VersionedSet> managers = result.managers();
    VersionedSet own = managers.get(id);
    if (own != null) {
      FieldSet set = own.set().difference(NEVER_OWNED);
      if (set.isEmpty()) {
        managers.remove(id);
      } else {
        managers.put(id, own.withSet(set));
      }
    }
    Map<ManagerId, String> times = new LinkedHashMap<>(managed.times());
    ObjectNode object;
    if (result.object() != null) {
      object = (ObjectNode) result.object();
      times.put(id, now());
    } else {
      object = live == null ? Json.mapper().createObjectNode() : withoutManagedFields(live);
    }
    times.keySet().retainAll(managers.keySet());
    ArrayNode encoded = new ManagedFields(managers, times).encode();
    ObjectNode meta = metadata(object);
    meta.remove("managedFields");
    if (encoded != null) {
      meta.set("managedFields", encoded);
    }
    return object;
  }

  /**
   * The conflicts that client-side apply's last-applied annotation does not explain: a field the
   * annotation sets, with the value the object still has, was kubectl's own.
   */
  private List<Conflicts.Conflict> notFromLastApplied(Scope scope, TypeNode type, ObjectNode live, Conflicts conflicts) {
    String annotation = live == null ? "" : live.path("metadata").path("annotations").path(LAST_APPLIED).asText("");
    if (annotation.isEmpty()) {
      return conflicts.conflicts();
    }
    FieldSet allowed;
    try {
      JsonNode lastApplied = Json.mapper().readTree(annotation);
      if (!(lastApplied instanceof ObjectNode o) || !scope.apiVersion().equals(o.path("apiVersion").asText())) {
        return conflicts.conflicts();
      }
      ObjectNode liveObject = withoutManagedFields(live);
      Comparison compare = Comparison.of(type, o, liveObject);
      allowed = FieldSets.of(type, o).difference(compare.modified()).difference(compare.added()).difference(compare.removed());
    } catch (IOException | ValueException e) {
      return conflicts.conflicts();
    }
    List<Conflicts.Conflict> remaining = new ArrayList<>();
    for (Conflicts.Conflict c : conflicts.conflicts()) {
      if (!allowed.has(c.path())) {
        remaining.add(c);
      }
    }
    return remaining;
  }

  /** The configuration as client-side apply records it: compact JSON, keys sorted, a newline. */
  private static String lastApplied(ObjectNode config) {
    ObjectNode copy = config.deepCopy();
    if (copy.path("metadata").get("annotations") instanceof ObjectNode annotations) {
      annotations.remove(LAST_APPLIED);
      if (annotations.isEmpty()) {
        ((ObjectNode) copy.get("metadata")).remove("annotations");
      }
    }
    try {
      return SORTED_KEYS.writeValueAsString(SORTED_KEYS.treeToValue(copy, Object.class)) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StatusException conflictError(List<Conflicts.Conflict> conflicts) {
    List<Cause> causes = new ArrayList<>();
    for (Conflicts.Conflict c : conflicts) {
      causes.add(new Cause("FieldManagerConflict", "conflict with " + c.manager().describe(), c.path().toString()));
    }
    return StatusException.applyConflict(conflictMessage(conflicts), causes);
  }

  /** Upstream's wording: one conflict inline, several grouped by manager (sorted by identity). */
  static String conflictMessage(List<Conflicts.Conflict> conflicts) {
    if (conflicts.size() == 1) {
      Conflicts.Conflict c = conflicts.getFirst();
      return "Apply failed with 1 conflict: conflict with " + c.manager().describe() + ": " + c.path();
    }
    Map<ManagerId, List<FieldPath>> byManager = new TreeMap<>(Comparator.comparing(FieldManager::identity));
    for (Conflicts.Conflict c : conflicts) {
      byManager.computeIfAbsent(c.manager(), k -> new ArrayList<>()).add(c.path());
    }
    List<String> lines = new ArrayList<>();
    byManager.forEach((m, paths) -> {
      lines.add("conflicts with " + m.describe() + ":");
      paths.forEach(p -> lines.add("- " + p));
    });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }

  /** The JSON identity upstream keys managers by (and sorts them by in messages). */
  static String identity(ManagerId id) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("manager", id.manager());
    o.put("operation", id.operation());
    if (!id.apiVersion().isEmpty()) {
      o.put("apiVersion", id.apiVersion());
    }
    if (!id.subresource().isEmpty()) {
      o.put("subresource", id.subresource());
    }
    return o.toString();
  }

  // ---- helpers

  private Updater updater(Scope scope) {
    return new Updater(scope.versions(), schemas, scope.resetFields());
  }

  private static Class<?> modelClass(Scope scope) {
    return scope.versions().modelClass(scope.apiVersion())
        .orElseThrow(() -> new IllegalArgumentException(scope.kind() + " is not served in " + scope.apiVersion()));
  }

  private static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    return copy;
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode m = object.get("metadata");
    return m instanceof ObjectNode o ? o : object.putObject("metadata");
  }

  private static String gvk(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return group + "/" + version + ", Kind=" + kind;
  }

  private static String objectName(JsonNode object) {
    JsonNode m = object.path("metadata");
    return m.path("namespace").asText("") + "/" + m.path("name").asText("");
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private static long seconds(String time) {
    if (time == null) {
      return 0;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
