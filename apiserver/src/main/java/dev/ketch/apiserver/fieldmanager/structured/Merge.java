package dev.ketch.apiserver.fieldmanager.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.PathElement;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An applied configuration merged into a live object, as structured-merge-diff's {@code Merge}:
 * scalars and atomic values of the configuration replace the live ones; structs and maps merge key
 * by key; map lists and sets merge element by element, the configuration's elements in its order
 * and the live object's other elements kept where they were. Nothing is removed: dropping fields
 * the applier no longer sets is pruning's job. Stateless; the inputs are not changed.
 */
public final class Merge {

  private Merge() {}

  /**
   * {@code config} merged into {@code live}.
   *
   * @return the merged value; null when both are absent or merge to nothing
   * @throws ValueException if a value does not fit the schema, or the configuration lists one
   *     element twice
   */
  public static JsonNode of(TypeNode type, JsonNode live, JsonNode config) {
    if (live == null && config == null) {
      return null;
    }
    return merge(type, live, config, new ArrayList<>());
  }

  private static JsonNode merge(TypeNode declared, JsonNode l, JsonNode r, List<PathElement> path) {
    TypeNode lt = Shapes.resolve(declared, l);
    TypeNode rt = Shapes.resolve(declared, r);
    if (r != null) {
      Shapes.check(rt, r, path);
    }
    if (l != null && r != null && (lt.kind() != rt.kind() || !Shapes.fits(lt, l))) {
      return r.deepCopy();
    }
    TypeNode type = r != null ? rt : lt;
    return switch (type.kind()) {
      case SCALAR, UNTYPED -> leaf(l, r);
      case LIST -> type.atomic() || (Shapes.empty(l) && Shapes.empty(r)) ? leaf(l, r) : list(type, l, r, path);
      case STRUCT, MAP -> type.atomic() || (Shapes.empty(l) && Shapes.empty(r)) ? leaf(l, r) : map(type, l, r, path);
    };
  }

  private static JsonNode leaf(JsonNode l, JsonNode r) {
    return r != null ? r.deepCopy() : l == null ? null : l.deepCopy();
  }

  private static JsonNode map(TypeNode type, JsonNode l, JsonNode r, List<PathElement> path) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> right = new LinkedHashMap<>();
    if (r != null && r.isObject()) {
      r.properties().forEach(e -> right.put(e.getKey(), e.getValue()));
    }
    if (l != null && l.isObject()) {
      l.properties().forEach(e -> {
        JsonNode merged = child(type, e.getKey(), e.getValue(), right.remove(e.getKey()), path);
        if (merged != null) {
          out.set(e.getKey(), merged);
        }
      });
    }
    right.forEach((k, v) -> {
      JsonNode merged = child(type, k, null, v, path);
      if (merged != null) {
        out.set(k, merged);
      }
    });
    return out.isEmpty() ? null : out;
  }

  private static JsonNode child(TypeNode type, String key, JsonNode l, JsonNode r, List<PathElement> path) {
    List<PathElement> child = Shapes.append(path, new PathElement.Field(key));
    TypeNode childType = type.child(key).orElse(null);
    if (childType == null) {
      if (r != null) {
        throw new ValueException(child, "field not declared in schema");
      }
      childType = TypeNode.untyped();
    }
    return merge(childType, l, r, child);
  }

  /** The elements of a list and their path elements, in order; duplicates allowed or refused. */
  private record Indexed(List<PathElement> order, List<JsonNode> items, Map<PathElement, JsonNode> unique, Set<PathElement> duplicated) {}

  private static Indexed index(TypeNode type, JsonNode list, List<PathElement> path, boolean allowDuplicates) {
    List<PathElement> order = new ArrayList<>();
    List<JsonNode> items = new ArrayList<>();
    Map<PathElement, JsonNode> unique = new HashMap<>();
    Set<PathElement> duplicated = new HashSet<>();
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        PathElement pe = Shapes.listElement(type, list.get(i), path, i);
        if (unique.containsKey(pe) || duplicated.contains(pe)) {
          if (!allowDuplicates) {
            throw new ValueException(path, "duplicate entries for key " + pe);
          }
          unique.remove(pe);
          duplicated.add(pe);
        } else {
          unique.put(pe, list.get(i));
        }
        order.add(pe);
        items.add(list.get(i));
      }
    }
    return new Indexed(order, items, unique, duplicated);
  }

  /**
   * Interleaves the two lists as upstream does: elements both have come in the configuration's
   * order, each live-only element stays next to where it was.
   */
  private static JsonNode list(TypeNode type, JsonNode l, JsonNode r, List<PathElement> path) {
    Indexed rhs = index(type, r, path, false);
    Indexed lhs = index(type, l, path, true);
    Set<PathElement> inRight = new HashSet<>(rhs.order());
    Set<PathElement> inLeft = new HashSet<>(lhs.order());
    Deque<PathElement> shared = new ArrayDeque<>();
    for (PathElement pe : rhs.order()) {
      if (inLeft.contains(pe)) {
        shared.add(pe);
      }
    }
    PathElement nextShared = shared.pollFirst();
    Set<PathElement> mergedRight = new HashSet<>();
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    int li = 0;
    int ri = 0;
    int ln = lhs.order().size();
    int rn = rhs.order().size();
    while (li < ln || ri < rn) {
      if (li < ln && ri < rn) {
        PathElement pe = lhs.order().get(li);
        if (pe.equals(rhs.order().get(ri))) {
          mergedRight.add(pe);
          add(out, mergeItem(type, pe, lhs.unique().get(pe), rhs.unique().get(pe), path));
          li++;
          ri++;
          nextShared = shared.pollFirst();
          continue;
        }
        if (inRight.contains(pe) && nextShared != null && !nextShared.equals(pe)) {
          // A shared element, but not the one due now: it comes later, in the configuration's order.
          li++;
          continue;
        }
      }
      if (li < ln) {
        PathElement pe = lhs.order().get(li);
        if (!inRight.contains(pe)) {
          add(out, mergeItem(type, pe, lhs.items().get(li), null, path));
          li++;
          continue;
        }
        if (mergedRight.contains(pe)) {
          li++;
          continue;
        }
      }
      if (ri < rn) {
        PathElement pe = rhs.order().get(ri);
        mergedRight.add(pe);
        // A live element listed more than once is replaced by the configuration's one.
        add(out, mergeItem(type, pe, lhs.unique().get(pe), rhs.unique().get(pe), path));
        ri++;
        if (nextShared != null && nextShared.equals(pe)) {
          nextShared = shared.pollFirst();
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static JsonNode mergeItem(TypeNode type, PathElement pe, JsonNode l, JsonNode r, List<PathElement> path) {
    if (l == null && r == null) {
      return null;
    }
    return merge(type.element(), l, r, Shapes.append(path, pe));
  }

  private static void add(ArrayNode out, JsonNode item) {
    if (item != null) {
      out.add(item);
    }
  }
}
