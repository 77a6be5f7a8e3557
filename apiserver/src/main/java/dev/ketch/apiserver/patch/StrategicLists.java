package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The list half of a strategic merge: lists with the {@code merge} strategy are merged element by
 * element (objects matched by their merge key and merged recursively, scalars added once), the
 * {@code $patch: delete|replace} elements and {@code $deleteFromPrimitiveList} are honoured, and
 * the result is ordered as {@link ElementOrder} describes. Lists without that strategy are
 * replaced. Works on trees owned by the merge in progress; not thread-safe.
 */
final class StrategicLists {

  private final StrategicMerge objects;

  StrategicLists(StrategicMerge objects) {
    this.objects = objects;
  }

  /**
   * A merged list, and the original list as upstream sees it afterwards (see {@link LiveList}).
   */
  record Merged(List<JsonNode> elements, List<JsonNode> liveOrder) {}

  /**
   * Merges a patch list into an original list by the field's strategy.
   *
   * @param deleteList whether {@code patch} came from {@code $deleteFromPrimitiveList/<field>};
   *     such lists delete whatever the field's strategy
   */
  Merged merge(
      ArrayNode original, ArrayNode patch, PatchSchema elements, String strategy, String mergeKey, boolean deleteList) {
    if (strategy.equals("merge") || deleteList) {
      return mergeElements(original, patch, elements, mergeKey, deleteList);
    }
    return new Merged(list(patch), list(original));
  }

  private Merged mergeElements(
      ArrayNode originalNode, ArrayNode patchNode, PatchSchema schema, String mergeKey, boolean deleteList) {
    List<JsonNode> original = list(originalNode);
    List<JsonNode> patch = list(patchNode);
    if (original.isEmpty() && patch.isEmpty()) {
      return new Merged(original, original);
    }
    boolean maps = elementKind(List.of(original, patch)) == GoValues.Kind.MAP;
    List<JsonNode> merged;
    List<JsonNode> survivors;
    List<JsonNode> patchItems;
    List<JsonNode> liveOrder;
    if (!maps) {
      if (deleteList) {
        return new Merged(withoutValues(original, patch), original);
      }
      List<JsonNode> both = new ArrayList<>(original);
      both.addAll(patch);
      merged = deduplicate(both);
      survivors = original;
      patchItems = patch;
      liveOrder = original;
    } else {
      if (mergeKey.isEmpty()) {
        throw PatchErrors.failed("cannot merge lists without merge key for " + schema.goKindName());
      }
      LiveList live = new LiveList(original);
      Specials specials = applySpecialElements(live, patch, mergeKey);
      if (specials.replace()) {
        merged = specials.rest();
        survivors = specials.rest();
        patchItems = List.of();
      } else {
        int survivorCount = live.size();
        for (JsonNode item : specials.rest()) {
          mergeElement(live, (ObjectNode) item, mergeKey, schema);
        }
        merged = live.elements();
        survivors = live.prefix(survivorCount);
        patchItems = specials.rest();
      }
      liveOrder = live.storage();
    }
    ElementOrder.Partition split =
        mergeKey.isEmpty()
            ? ElementOrder.partitionScalars(merged, patchItems)
            : ElementOrder.partitionObjects(merged, patchItems, mergeKey);
    List<JsonNode> ordered =
        ElementOrder.normalize(split.named(), split.rest(), patchItems, survivors, mergeKey, maps);
    return new Merged(ordered, liveOrder);
  }

  /** The patch elements left once {@code $patch} elements are acted on, and whether one replaced the list. */
  private record Specials(boolean replace, List<JsonNode> rest) {}

  private static Specials applySpecialElements(LiveList live, List<JsonNode> patch, String mergeKey) {
    List<JsonNode> rest = new ArrayList<>();
    boolean replace = false;
    for (JsonNode item : patch) {
      JsonNode directive = item.get(StrategicMerge.DIRECTIVE);
      if (directive == null) {
        rest.add(item);
        continue;
      }
      switch (directive.isTextual() ? directive.asText() : "") {
        case "delete" -> {
          JsonNode key = item.get(mergeKey);
          if (key == null) {
            throw ElementOrder.noMergeKey(item, mergeKey);
          }
          for (int i = ElementOrder.find(live.elements(), mergeKey, key);
              i >= 0;
              i = ElementOrder.find(live.elements(), mergeKey, key)) {
            live.remove(i);
          }
        }
        case "replace" -> replace = true;
        case "merge" -> throw PatchErrors.failed("merging lists cannot yet be specified in the patch");
        default -> throw StrategicMerge.unknownPatchType(directive, item);
      }
    }
    return new Specials(replace, rest);
  }

  private void mergeElement(LiveList live, ObjectNode item, String mergeKey, PatchSchema schema) {
    JsonNode key = item.get(mergeKey);
    if (key == null) {
      throw ElementOrder.noMergeKey(item, mergeKey);
    }
    int at = ElementOrder.find(live.elements(), mergeKey, key);
    if (at >= 0) {
      live.set(at, objects.mergeMap((ObjectNode) live.get(at), item, schema));
    } else {
      live.append(item);
    }
  }

  /** The scalars of {@code current} that {@code toDelete} does not hold. */
  private static List<JsonNode> withoutValues(List<JsonNode> current, List<JsonNode> toDelete) {
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode v : current) {
      if (toDelete.stream().noneMatch(d -> GoValues.same(d, v))) {
        kept.add(v);
      }
    }
    return kept;
  }

  /** Upstream's deduplication: a repeated value is overwritten by the last element. */
  private static List<JsonNode> deduplicate(List<JsonNode> s) {
    List<JsonNode> out = new ArrayList<>(s);
    int length = out.size() - 1;
    for (int i = 0; i < length; i++) {
      for (int j = i + 1; j <= length; j++) {
        if (GoValues.same(out.get(i), out.get(j))) {
          out.set(j, out.get(length));
          out.remove(length);
          length--;
          j--;
        }
      }
    }
    return out;
  }

  /**
   * The one dynamic type of all elements of some lists (Go's sliceElementType).
   *
   * @throws dev.ketch.apiserver.errors.StatusException 422 for lists of lists, 500 for mixed
   *     types or no elements at all
   */
  static GoValues.Kind elementKind(List<List<JsonNode>> lists) {
    GoValues.Kind kind = null;
    for (List<JsonNode> list : lists) {
      for (JsonNode v : list) {
        GoValues.Kind current = GoValues.kind(v);
        if (kind == null) {
          if (current == GoValues.Kind.NIL) {
            throw PatchErrors.panicked();
          }
          if (current == GoValues.Kind.SLICE) {
            throw PatchErrors.rejected();
          }
          kind = current;
        } else if (current != kind) {
          StringJoiner all = new StringJoiner(" ", "[", "]");
          lists.forEach(l -> all.add(GoValues.v(l)));
          throw PatchErrors.failed("list element types are not identical: " + all);
        }
      }
    }
    if (kind == null) {
      throw PatchErrors.failed("no elements in any of the given slices");
    }
    return kind;
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array == null ? 0 : array.size());
    if (array != null) {
      array.forEach(out::add);
    }
    return out;
  }
}
