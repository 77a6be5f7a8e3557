package dev.ketch.apiserver.openapi;

import dev.ketch.apiserver.openapi.Definition.Form;
import dev.ketch.apiserver.openapi.Shape.ArrayOf;
import dev.ketch.apiserver.openapi.Shape.MapOf;
import dev.ketch.apiserver.openapi.Shape.Ref;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import dev.ketch.apiserver.resource.ResourceType;
import dev.ketch.apiserver.resource.Subresource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every definition the served resources need, derived once from the catalog's model classes:
 * each kind and its list, the kinds of their subresources (autoscaling/v1 Scale, policy/v1
 * Eviction, Binding…), and the meta types operations use (Status, DeleteOptions, WatchEvent,
 * Patch, APIResourceList). Top-level kinds carry {@code x-kubernetes-group-version-kind}.
 * Immutable and thread-safe once built.
 */
public final class ModelSchemas {

  private final Map<String, Definition> definitions;
  private final Map<GroupVersionKind, String> byKind;

  private ModelSchemas(Map<String, Definition> definitions, Map<GroupVersionKind, String> byKind) {
    this.definitions = definitions;
    this.byKind = byKind;
  }

  /** Derives the definitions of a catalog, with the patch metadata of {@code hints}. */
  public static ModelSchemas of(ResourceCatalog catalog, PatchHints hints) {
    ModelIntrospector introspector = new ModelIntrospector(hints);
    Map<String, Set<GroupVersionKind>> kinds = new LinkedHashMap<>();
    for (ResourceType type : catalog.all()) {
      GroupVersion gv = type.groupVersion();
      kind(kinds, introspector.add(type.modelClass()), GroupVersionKind.of(gv, type.kind()));
      if (type.listClass() != null) {
        kind(kinds, introspector.add(type.listClass()), GroupVersionKind.of(gv, type.listKind()));
      }
      for (Subresource sub : type.subresources()) {
        GroupVersion subGv = sub.groupVersion() == null ? gv : sub.groupVersion();
        modelClass(type, subGv, sub.kind())
            .ifPresent(c -> kind(kinds, introspector.add(c), GroupVersionKind.of(subGv, sub.kind())));
      }
    }
    kind(kinds, introspector.add(Status.class), new GroupVersionKind("", "v1", "Status"));
    String deleteOptions = introspector.add(DeleteOptions.class);
    String watchEvent = introspector.add(WatchEvent.class);
    for (GroupVersion gv : catalog.groupVersions()) {
      kind(kinds, deleteOptions, GroupVersionKind.of(gv, "DeleteOptions"));
      kind(kinds, watchEvent, GroupVersionKind.of(gv, "WatchEvent"));
    }
    introspector.add(APIResourceList.class);
    introspector.addWellKnown(DefinitionNames.PATCH);

    Map<String, Definition> out = new TreeMap<>(introspector.definitions());
    Map<GroupVersionKind, String> byKind = new LinkedHashMap<>();
    for (Map.Entry<String, Set<GroupVersionKind>> e : kinds.entrySet()) {
      out.put(e.getKey(), topLevel(out.get(e.getKey()).withKinds(List.copyOf(e.getValue()))));
      e.getValue().forEach(k -> byKind.putIfAbsent(k, e.getKey()));
    }
    return new ModelSchemas(java.util.Collections.unmodifiableMap(out), byKind);
  }

  /** All definitions, by name, sorted. */
  public Map<String, Definition> all() {
    return definitions;
  }

  public Optional<Definition> get(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  /** The definition of the objects of a kind, e.g. {@code io.k8s.api.apps.v1.Deployment}. */
  public Optional<String> nameOf(GroupVersionKind kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  /** The definitions of {@code roots} and of everything they refer to, directly or not, sorted. */
  public Map<String, Definition> closure(Collection<String> roots) {
    Map<String, Definition> out = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.removeFirst();
      Definition d = definitions.get(name);
      if (d == null) {
        throw new IllegalArgumentException("no definition " + name);
      }
      if (out.put(name, d) == null) {
        for (Property p : d.properties()) {
          references(p.shape(), todo);
        }
      }
    }
    return out;
  }

  /** Adds the definitions a shape refers to. */
  static void references(Shape shape, Collection<String> into) {
    switch (shape) {
      case Ref r -> into.add(r.definition());
      case ArrayOf a -> references(a.items(), into);
      case MapOf m -> references(m.values(), into);
      default -> {}
    }
  }

  private static void kind(Map<String, Set<GroupVersionKind>> kinds, String name, GroupVersionKind gvk) {
    kinds.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(gvk);
  }

  /** Gives the fields every top-level object has their standard descriptions. */
  private static Definition topLevel(Definition d) {
    if (d.form() != Form.OBJECT) {
      return d;
    }
    List<Property> properties = new ArrayList<>();
    for (Property p : d.properties()) {
      String text = p.description() != null ? p.description() : WellKnownTypes.standardFieldDescription(p);
      properties.add(new Property(p.name(), p.shape(), text, p.extensions()));
    }
    return new Definition(d.name(), d.form(), d.description(), properties, d.required(), d.kinds());
  }

  /**
   * The fabric8 class of a subresource's kind: in the parent's package when the group version is
   * the parent's, else in the package fabric8 gives that group version.
   */
  static Optional<Class<?>> modelClass(ResourceType parent, GroupVersion gv, String kind) {
    List<String> packages = new ArrayList<>();
    if (gv.equals(parent.groupVersion())) {
      packages.add(parent.modelClass().getPackageName());
    }
    if (gv.isCore()) {
      packages.add(DefinitionNames.MODEL);
    } else {
      String segment = gv.group().split("\\.")[0].toLowerCase(Locale.ROOT);
      packages.add(DefinitionNames.MODEL + "." + segment + "." + gv.version());
      if (gv.version().equals("v1")) {
        packages.add(DefinitionNames.MODEL + "." + segment);
      }
    }
    for (String pkg : packages) {
      try {
        return Optional.of(Class.forName(pkg + "." + kind, false, parent.modelClass().getClassLoader()));
      } catch (ClassNotFoundException e) {
        // Not in this package; try the next.
      }
    }
    return Optional.empty();
  }
}
