package dev.ketch.apiserver.fieldmanager.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldPath;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.fieldpath.PathElement;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields an object sets, as structured-merge-diff counts them (its {@code ToFieldSet}): every
 * scalar, every atomic struct, map or list, every element of a set or map list, and every key of a
 * map; a struct field holding a granular value is not itself a member, only what is under it.
 * This is what an applier comes to own. Stateless.
 */
public final class FieldSets {

  private FieldSets() {}

  /**
   * The fields {@code value} sets.
   *
   * @throws ValueException if the value does not fit the schema (undeclared fields, elements
   *     without keys, duplicate elements)
   */
  public static FieldSet of(TypeNode type, JsonNode value) {
    FieldSet.Builder out = new FieldSet.Builder();
    walk(type, value, new ArrayList<>(), out);
    return out.build();
  }

  private static void walk(TypeNode declared, JsonNode value, List<PathElement> path, FieldSet.Builder out) {
    TypeNode type = Shapes.resolve(declared, value);
    Shapes.check(type, value, path);
    switch (type.kind()) {
      case SCALAR, UNTYPED -> out.insert(new FieldPath(path));
      case LIST -> {
        if (type.atomic()) {
          out.insert(new FieldPath(path));
        } else if (value != null && value.isArray()) {
          Map<PathElement, Boolean> seen = new HashMap<>();
          for (int i = 0; i < value.size(); i++) {
            PathElement pe = Shapes.listElement(type, value.get(i), path, i);
            if (seen.put(pe, Boolean.TRUE) != null) {
              throw new ValueException(path, "duplicate entries for key " + pe);
            }
            List<PathElement> child = Shapes.append(path, pe);
            walk(type.element(), value.get(i), child, out);
            out.insert(new FieldPath(child));
          }
        }
      }
      case STRUCT, MAP -> {
        if (type.atomic()) {
          out.insert(new FieldPath(path));
        } else if (value != null && value.isObject()) {
          value.properties().forEach(e -> {
            List<PathElement> child = Shapes.append(path, new PathElement.Field(e.getKey()));
            TypeNode childType = type.child(e.getKey())
                .orElseThrow(() -> new ValueException(child, "field not declared in schema"));
            walk(childType, e.getValue(), child, out);
            if (type.kind() != TypeNode.Kind.STRUCT) {
              out.insert(new FieldPath(child));
            }
          });
        }
      }
    }
  }
}
