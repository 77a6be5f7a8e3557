package dev.ketch.apiserver.fieldmanager.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.fieldmanager.fieldpath.FieldSet;
import dev.ketch.apiserver.fieldmanager.fieldpath.PathElement;
import dev.ketch.apiserver.fieldmanager.schema.TypeNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Removing fields from an object, as structured-merge-diff's {@code RemoveItems}, and the set
 * arithmetic pruning needs around it ({@code EnsureNamedFieldsAreMembers}). A member of the set is
 * removed with everything under it; a container left empty by removals below it disappears too
 * (upstream leaves a null there, which decoding into the model drops the same way). Stateless.
 */
public final class Removal {

  private Removal() {}

  /** {@code value} without the members of {@code remove}; null if nothing is left. */
  public static JsonNode removeItems(TypeNode type, JsonNode value, FieldSet remove) {
    if (value == null) {
      return null;
    }
    if (remove.isEmpty()) {
      return value.deepCopy();
    }
    return remove(type, value, remove, new ArrayList<>());
  }

  private static JsonNode remove(TypeNode declared, JsonNode value, FieldSet remove, List<PathElement> path) {
    TypeNode type = Shapes.resolve(declared, value);
    switch (type.kind()) {
      case LIST -> {
        if (!value.isArray()) {
          return value.deepCopy();
        }
        if (value.isEmpty() || type.atomic()) {
          return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < value.size(); i++) {
          JsonNode item = value.get(i);
          PathElement pe = Shapes.listElement(type, item, path, i);
          if (remove.members().contains(pe)) {
            continue;
          }
          FieldSet below = remove.child(pe);
          JsonNode kept = below.isEmpty() ? item.deepCopy() : remove(type.element(), item, below, Shapes.append(path, pe));
          if (kept != null) {
            out.add(kept);
          }
        }
        return out.isEmpty() ? null : out;
      }
      case STRUCT, MAP -> {
        if (!value.isObject()) {
          return value.deepCopy();
        }
        if (value.isEmpty() || type.atomic()) {
          return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        value.properties().forEach(e -> {
          PathElement pe = new PathElement.Field(e.getKey());
          if (remove.members().contains(pe)) {
            return;
          }
          FieldSet below = remove.child(pe);
          JsonNode kept = below.isEmpty()
              ? e.getValue().deepCopy()
              : remove(type.child(e.getKey()).orElse(TypeNode.untyped()), e.getValue(), below, Shapes.append(path, pe));
          if (kept != null) {
            out.set(e.getKey(), kept);
          }
        });
        return out.isEmpty() ? null : out;
      }
      default -> {
        return value.deepCopy();
      }
    }
  }

  /**
   * The set with every named struct field that leads to members made a member itself, so that
   * removing the set also removes those fields once they are empty ({@code a.b.c} makes {@code a}
   * a member if {@code a} is a field of a struct, not if it is a key of a map).
   */
  public static FieldSet withNamedFields(FieldSet set, TypeNode type) {
    if (set.children().isEmpty()) {
      return set;
    }
    List<PathElement> members = new ArrayList<>(set.members());
    Map<PathElement, FieldSet> children = new HashMap<>();
    set.children().forEach((pe, sub) -> {
      Optional<TypeNode> childType = Optional.empty();
      if (type != null && pe instanceof PathElement.Field f) {
        if (type.kind() == TypeNode.Kind.STRUCT && type.field(f.name()).isPresent()) {
          members.add(pe);
        }
        childType = type.child(f.name());
      } else if (type != null && pe instanceof PathElement.Key && type.kind() == TypeNode.Kind.LIST) {
        childType = Optional.of(type.element());
      }
      children.put(pe, withNamedFields(sub, childType.orElse(null)));
    });
    return FieldSet.node(members, children);
  }
}
