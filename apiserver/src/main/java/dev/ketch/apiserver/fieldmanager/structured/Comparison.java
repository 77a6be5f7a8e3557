package dev.ketch.apiserver.fieldmanager.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.fieldpath.PathElement;
import dev.ketch.apiserver.fieldmanager.fieldpath.Values;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two versions of an object, as structured-merge-diff's {@code Compare}: the
 * fields only the new one has, those only the old one had, and those whose values differ. Leaves
 * (scalars, atomic values, empty containers) are compared by value; a granular container that
 * appears or disappears is itself added or removed, besides its contents. No field is in more than
 * one set.
 *
 * @param removed fields the new object no longer has
 * @param modified fields both have with different values
 * @param added fields only the new object has
 */
public record Comparison(FieldSet removed, FieldSet modified, FieldSet added) {

  /** Compares {@code from} (the live object) with {@code to} (the object to be stored). */
  public static Comparison of(TypeNode type, JsonNode from, JsonNode to) {
    Walk w = new Walk();
    w.compare(type, from, to, new ArrayList<>());
    return new Comparison(w.removed.build(), w.modified.build(), w.added.build());
  }

  public boolean isSame() {
    return removed.isEmpty() && modified.isEmpty() && added.isEmpty();
  }

  /** This comparison without {@code fields} and everything under them. */
  public Comparison excluding(FieldSet fields) {
    if (fields.isEmpty()) {
      return this;
    }
    return new Comparison(
        removed.recursiveDifference(fields), modified.recursiveDifference(fields), added.recursiveDifference(fields));
  }

  private static final class Walk {
    final FieldSet.Builder removed = new FieldSet.Builder();
    final FieldSet.Builder modified = new FieldSet.Builder();
    final FieldSet.Builder added = new FieldSet.Builder();

    /** At least one of {@code l} and {@code r} is present; absent is Java null, JSON null is present. */
    void compare(TypeNode declared, JsonNode l, JsonNode r, List<PathElement> path) {
      TypeNode lt = Shapes.resolve(declared, l);
      TypeNode rt = Shapes.resolve(declared, r);
      boolean leaf;
      if (l != null && r != null && (lt.kind() != rt.kind() || !Shapes.fits(lt, l) || !Shapes.fits(rt, r))) {
        // The two sides have different shapes: the value changed as a whole.
        leaf = leaf(l, r, path);
      } else {
        TypeNode type = r != null ? rt : lt;
        leaf = switch (type.kind()) {
          case SCALAR, UNTYPED -> leaf(l, r, path);
          case LIST -> list(type, l, r, path);
          case STRUCT, MAP -> map(type, l, r, path);
        };
      }
      if (!leaf) {
        if (l == null) {
          added.insert(new FieldPath(path));
        } else if (r == null) {
          removed.insert(new FieldPath(path));
        }
      }
    }

    private boolean leaf(JsonNode l, JsonNode r, List<PathElement> path) {
      FieldPath p = new FieldPath(path);
      if (l == null) {
        added.insert(p);
      } else if (r == null) {
        removed.insert(p);
      } else if (!Values.equal(l, r)) {
        modified.insert(p);
      }
      return true;
    }

    private boolean list(TypeNode type, JsonNode l, JsonNode r, List<PathElement> path) {
      if (type.atomic() || (Shapes.empty(l) && Shapes.empty(r))) {
        return leaf(l, r, path);
      }
      Map<PathElement, List<JsonNode>> left = index(type, l, path);
      Map<PathElement, List<JsonNode>> right = index(type, r, path);
      List<PathElement> all = new ArrayList<>(left.keySet());
      right.keySet().stream().filter(pe -> !left.containsKey(pe)).forEach(all::add);
      for (PathElement pe : all) {
        List<JsonNode> ls = left.getOrDefault(pe, List.of());
        List<JsonNode> rs = right.getOrDefault(pe, List.of());
        List<PathElement> child = Shapes.append(path, pe);
        if (ls.size() <= 1 && rs.size() <= 1) {
          compare(type.element(), ls.isEmpty() ? null : ls.getFirst(), rs.isEmpty() ? null : rs.getFirst(), child);
        } else if (ls.size() >= 2 && rs.size() >= 2) {
          // Duplicates on both sides are compared as if atomic.
          if (!sameItems(ls, rs)) {
            modified.insert(new FieldPath(child));
          }
        } else if (ls.size() >= 2) {
          if (!rs.isEmpty()) {
            compare(type.element(), null, rs.getFirst(), child);
          }
          removed.insert(new FieldPath(child));
        } else {
          if (!ls.isEmpty()) {
            compare(type.element(), ls.getFirst(), null, child);
          }
          added.insert(new FieldPath(child));
        }
      }
      return false;
    }

    private static boolean sameItems(List<JsonNode> a, List<JsonNode> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!Values.equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }

    private static Map<PathElement, List<JsonNode>> index(TypeNode type, JsonNode list, List<PathElement> path) {
      Map<PathElement, List<JsonNode>> out = new LinkedHashMap<>();
      if (list == null || !list.isArray()) {
        return out;
      }
      for (int i = 0; i < list.size(); i++) {
        PathElement pe = Shapes.listElement(type, list.get(i), path, i);
        out.computeIfAbsent(pe, k -> new ArrayList<>(1)).add(list.get(i));
      }
      return out;
    }

    private boolean map(TypeNode type, JsonNode l, JsonNode r, List<PathElement> path) {
      if (type.atomic() || (Shapes.empty(l) && Shapes.empty(r))) {
        return leaf(l, r, path);
      }
      Map<String, JsonNode[]> keys = new LinkedHashMap<>();
      if (l != null && l.isObject()) {
        l.properties().forEach(e -> keys.computeIfAbsent(e.getKey(), k -> new JsonNode[2])[0] = e.getValue());
      }
      if (r != null && r.isObject()) {
        r.properties().forEach(e -> keys.computeIfAbsent(e.getKey(), k -> new JsonNode[2])[1] = e.getValue());
      }
      for (Map.Entry<String, JsonNode[]> e : keys.entrySet()) {
        JsonNode lv = e.getValue()[0];
        JsonNode rv = e.getValue()[1];
        TypeNode childType = type.child(e.getKey()).orElse(TypeNode.untyped());
        compare(childType, lv, rv, Shapes.append(path, new PathElement.Field(e.getKey())));
      }
      return false;
    }
  }
}
