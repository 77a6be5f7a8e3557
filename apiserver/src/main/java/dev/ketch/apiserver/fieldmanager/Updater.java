package dev.ketch.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.fieldpath.Values;
import dev.ketch.apiserver.fieldmanager.schema.TypeSchemas;
import dev.ketch.apiserver.fieldmanager.structured.Comparison;
import dev.ketch.apiserver.fieldmanager.structured.FieldSets;
import dev.ketch.apiserver.fieldmanager.structured.Merge;
import dev.ketch.apiserver.fieldmanager.structured.Removal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The core of field management, after structured-merge-diff's {@code merge.Updater}: how an update
 * changes who owns what, and how an apply merges a configuration, prunes what its manager no
 * longer applies, and detects conflicts with other managers. Managers that wrote with another API
 * version are compared in their version. Fields in {@code ignored} (those the strategy resets,
 * e.g. the status of a write to the main resource) are never owned and never conflict.
 *
 * <p>Stateless apart from its collaborators; thread-safe. Maps of managers passed in are not
 * changed.
 */
final class Updater {

  private final ObjectVersions versions;
  private final TypeSchemas schemas;
  private final FieldSet ignored;

  Updater(ObjectVersions versions, TypeSchemas schemas, FieldSet ignored) {
    this.versions = versions;
    this.schemas = schemas;
    this.ignored = ignored;
  }

  /** The result of an apply: the merged object (null if it equals the live one) and the new owners. */
  record Applied(JsonNode object, Map<ManagerId, VersionedSet> managers) {}

  /**
   * Records a non-apply write: {@code manager} comes to own what it added or changed, and fields it
   * removed are no longer anyone's. Updates take ownership from other managers without conflict.
   */
  Map<ManagerId, VersionedSet> update(TypedObject live, TypedObject next, Map<ManagerId, VersionedSet> managers, ManagerId manager) {
    Map<ManagerId, VersionedSet> out = new LinkedHashMap<>(managers);
    Comparison compare = ownership(live, next, out, manager, true);
    VersionedSet previous = out.get(manager);
    FieldSet set = previous == null ? FieldSet.empty() : previous.set();
    set = set.union(compare.modified()).union(compare.added()).difference(compare.removed()).recursiveDifference(ignored);
    if (set.isEmpty()) {
      out.remove(manager);
    } else {
      out.put(manager, new VersionedSet(set, next.apiVersion(), false));
    }
    return out;
  }

  /**
   * Merges {@code config} into {@code live} for {@code manager}: the configuration is the
   * manager's whole intent, so fields it applied before and leaves out now are removed unless
   * another manager owns them.
   *
   * @throws Conflicts if the merge changes fields other managers own and {@code force} is false
   */
  Applied apply(TypedObject live, TypedObject config, Map<ManagerId, VersionedSet> managers, ManagerId manager, boolean force) {
    Map<ManagerId, VersionedSet> out = new LinkedHashMap<>(managers);
    JsonNode merged = Merge.of(live.type(), live.value(), config.value());
    VersionedSet last = out.get(manager);
    FieldSet set = FieldSets.of(config.type(), config.value()).recursiveDifference(ignored);
    out.put(manager, new VersionedSet(set, config.apiVersion(), true));
    TypedObject next = new TypedObject(merged, config.type(), config.apiVersion());
    next = prune(next, out, manager, last);
    ownership(live, next, out, manager, force);
    if (out.get(manager) != null && out.get(manager).set().isEmpty()) {
      out.remove(manager);
    }
    boolean same = live.value() == null ? next.value() == null : next.value() != null && Values.equal(live.value(), next.value());
    return new Applied(same ? null : next.value(), out);
  }

  /**
   * What a write changes for managers other than {@code writer}: fields it removed leave them, and
   * fields it added or changed conflict with them (or, forced, leave them).
   */
  private Comparison ownership(
      TypedObject old, TypedObject next, Map<ManagerId, VersionedSet> managers, ManagerId writer, boolean force) {
    Comparison compare = Comparison.of(next.type(), old.value(), next.value()).excluding(ignored);
    Map<String, Comparison> byVersion = new HashMap<>();
    byVersion.put(next.apiVersion(), compare);
    Map<ManagerId, FieldSet> conflicts = new LinkedHashMap<>();
    Map<ManagerId, FieldSet> removed = new LinkedHashMap<>();
    for (Map.Entry<ManagerId, VersionedSet> e : List.copyOf(managers.entrySet())) {
      if (e.getKey().equals(writer)) {
        continue;
      }
      String version = e.getValue().apiVersion();
      Comparison c = byVersion.get(version);
      if (c == null) {
        Optional<TypedObject> o = convert(old, version);
        Optional<TypedObject> n = convert(next, version);
        if (o.isEmpty() || n.isEmpty()) {
          // A version no longer served: its manager's fields cannot be told apart any more.
          managers.remove(e.getKey());
          continue;
        }
        c = Comparison.of(n.get().type(), o.get().value(), n.get().value()).excluding(ignored);
        byVersion.put(version, c);
      }
      FieldSet conflict = e.getValue().set().intersection(c.modified().union(c.added()));
      if (!conflict.isEmpty()) {
        conflicts.put(e.getKey(), conflict);
      }
      if (!c.removed().isEmpty()) {
        removed.put(e.getKey(), c.removed());
      }
    }
    if (!force && !conflicts.isEmpty()) {
      throw conflictsOf(conflicts);
    }
    conflicts.forEach((m, s) -> managers.computeIfPresent(m, (k, v) -> v.withSet(v.set().difference(s))));
    removed.forEach((m, s) -> managers.computeIfPresent(m, (k, v) -> v.withSet(v.set().difference(s))));
    managers.entrySet().removeIf(e -> !e.getKey().equals(writer) && e.getValue().set().isEmpty());
    return compare;
  }

  private static Conflicts conflictsOf(Map<ManagerId, FieldSet> byManager) {
    List<Conflicts.Conflict> out = new ArrayList<>();
    byManager.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().toString()))
        .forEach(e -> e.getValue().forEach(p -> out.add(new Conflicts.Conflict(e.getKey(), p))));
    return new Conflicts(out);
  }

  /**
   * Removes what {@code manager} applied last time ({@code last}) and not this time, unless another
   * manager, or this one's new configuration, owns it.
   */
  private TypedObject prune(TypedObject merged, Map<ManagerId, VersionedSet> managers, ManagerId manager, VersionedSet last) {
    if (last == null || last.set().isEmpty() || merged.value() == null) {
      return merged;
    }
    Optional<TypedObject> converted = convert(merged, last.apiVersion());
    if (converted.isEmpty()) {
      return merged;
    }
    TypedObject at = converted.get();
    FieldSet lastSet = Removal.withNamedFields(last.set(), at.type());
    TypedObject pruned = new TypedObject(Removal.removeItems(at.type(), at.value(), lastSet), at.type(), at.apiVersion());
    pruned = addBackOwned(at, pruned, managers);
    pruned = addBackDangling(at, pruned, last);
    return convert(pruned, managers.get(manager).apiVersion()).orElse(pruned);
  }

  /** Puts back what prune removed that any manager (the applier's new set included) owns. */
  private TypedObject addBackOwned(TypedObject merged, TypedObject pruned, Map<ManagerId, VersionedSet> managers) {
    Map<String, FieldSet> owned = new LinkedHashMap<>();
    owned.put(pruned.apiVersion(), FieldSet.empty());
    for (VersionedSet s : managers.values()) {
      owned.merge(s.apiVersion(), s.set(), FieldSet::union);
    }
    for (Map.Entry<String, FieldSet> e : owned.entrySet()) {
      Optional<TypedObject> m = convert(merged, e.getKey());
      Optional<TypedObject> p = convert(pruned, e.getKey());
      if (m.isEmpty() || p.isEmpty()) {
        continue;
      }
      merged = m.get();
      var type = merged.type();
      FieldSet mergedSet = Removal.withNamedFields(FieldSets.of(type, merged.value()), type);
      FieldSet prunedSet = Removal.withNamedFields(FieldSets.of(type, p.get().value()), type);
      FieldSet keep = prunedSet.union(Removal.withNamedFields(e.getValue(), type));
      pruned = new TypedObject(Removal.removeItems(type, merged.value(), mergedSet.difference(keep)), type, merged.apiVersion());
    }
    return pruned;
  }

  /** Puts back what prune removed that the applier did not own before (unowned, or only updated). */
  private TypedObject addBackDangling(TypedObject merged, TypedObject pruned, VersionedSet last) {
    Optional<TypedObject> p = convert(pruned, last.apiVersion());
    if (p.isEmpty()) {
      return merged;
    }
    var type = merged.type();
    FieldSet prunedSet = Removal.withNamedFields(FieldSets.of(type, p.get().value()), type);
    FieldSet mergedSet = Removal.withNamedFields(FieldSets.of(type, merged.value()), type);
    FieldSet lastSet = Removal.withNamedFields(last.set(), type);
    return new TypedObject(
        Removal.removeItems(type, merged.value(), mergedSet.difference(prunedSet).intersection(lastSet)), type, merged.apiVersion());
  }

  /** The object in another version's form, or empty if that version is not served. */
  Optional<TypedObject> convert(TypedObject object, String apiVersion) {
    if (object.apiVersion().equals(apiVersion)) {
      return Optional.of(object);
    }
    Optional<Class<?>> model = versions.modelClass(apiVersion);
    if (model.isEmpty() || versions.modelClass(object.apiVersion()).isEmpty()) {
      return Optional.empty();
    }
    JsonNode value = object.value();
    JsonNode converted = value instanceof ObjectNode o ? versions.convert(o, object.apiVersion(), apiVersion) : value;
    return Optional.of(new TypedObject(converted, schemas.forClass(model.get()), apiVersion));
  }
}
