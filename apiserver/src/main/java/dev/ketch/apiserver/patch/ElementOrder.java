package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a strategic merge orders a merged list, as kube-apiserver does: elements named by the patch
 * (or by its {@code $setElementOrder} list) keep the patch's order, elements only the server has
 * keep the server's order, and the two runs are interleaved by the server's order as far as both
 * elements appear in it; an element new to the server goes before the server-only elements still
 * waiting. Elements are compared by their merge key value (lists of objects) or by value (lists of
 * scalars), with Go's {@code ==}. Stateless.
 */
final class ElementOrder {

  private ElementOrder() {}

  /** A list split into the elements named by another list and the rest, each in list order. */
  record Partition(List<JsonNode> named, List<JsonNode> rest) {}

  /**
   * Sorts {@code patchItems} by {@code patchOrder} and {@code serverOnly} by {@code serverOrder},
   * then interleaves them by {@code serverOrder}.
   */
  static List<JsonNode> normalize(
      List<JsonNode> patchItems,
      List<JsonNode> serverOnly,
      List<JsonNode> patchOrder,
      List<JsonNode> serverOrder,
      String mergeKey,
      boolean maps) {
    List<JsonNode> patchSorted = sort(patchItems, patchOrder, mergeKey, maps);
    List<JsonNode> serverSorted = sort(serverOnly, serverOrder, mergeKey, maps);
    return interleave(serverSorted, patchSorted, serverOrder, mergeKey, maps);
  }

  /**
   * Stable sort by position in {@code order}; elements carrying {@code $patch: delete} go last.
   * An element missing from {@code order} compares as "less" either way, exactly as upstream's
   * comparator does; its insertion sort (Go's stable sort below 21 elements) is used for all sizes.
   */
  static List<JsonNode> sort(List<JsonNode> toSort, List<JsonNode> order, String mergeKey, boolean maps) {
    List<JsonNode> sorted = new ArrayList<>(toSort);
    List<JsonNode> toDelete = List.of();
    if (maps) {
      requireMergeKey(mergeKey, sorted);
      requireMergeKey(mergeKey, order);
      Partition split = splitDeletions(sorted);
      sorted = new ArrayList<>(split.rest());
      toDelete = split.named();
    }
    for (int i = 1; i < sorted.size(); i++) {
      for (int j = i; j > 0 && less(sorted.get(j), sorted.get(j - 1), order, mergeKey, maps); j--) {
        sorted.set(j, sorted.set(j - 1, sorted.get(j)));
      }
    }
    sorted.addAll(toDelete);
    return sorted;
  }

  private static boolean less(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, boolean maps) {
    int ia = index(order, a, mergeKey, maps);
    if (ia >= 0) {
      int ib = index(order, b, mergeKey, maps);
      if (ib >= 0) {
        return ia < ib;
      }
    }
    return true;
  }

  /**
   * Merges the two runs: a server-only element goes next only if it and the next patch element
   * both have server positions and it comes first there.
   */
  private static List<JsonNode> interleave(
      List<JsonNode> left, List<JsonNode> right, List<JsonNode> serverOrder, String mergeKey, boolean maps) {
    List<JsonNode> out = new ArrayList<>(left.size() + right.size());
    int i = 0;
    int j = 0;
    while (i < left.size() && j < right.size()) {
      int li = index(serverOrder, left.get(i), mergeKey, maps);
      int ri = index(serverOrder, right.get(j), mergeKey, maps);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.add(left.get(i++));
      } else {
        out.add(right.get(j++));
      }
    }
    out.addAll(left.subList(i, left.size()));
    out.addAll(right.subList(j, right.size()));
    return out;
  }

  /** The first position of an element with the same merge key value (or the same value), or -1. */
  static int index(List<JsonNode> list, JsonNode item, String mergeKey, boolean maps) {
    JsonNode wanted = maps ? keyValue(item, mergeKey) : item;
    for (int i = 0; i < list.size(); i++) {
      if (GoValues.same(wanted, maps ? keyValue(list.get(i), mergeKey) : list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode keyValue(JsonNode item, String mergeKey) {
    return item.isObject() ? item.get(mergeKey) : null;
  }

  /** Splits scalars by whether {@code by} holds an equal value. */
  static Partition partitionScalars(List<JsonNode> list, List<JsonNode> by) {
    for (JsonNode n : by) {
      if (n.isContainerNode()) {
        throw PatchErrors.panicked();
      }
    }
    List<JsonNode> named = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    for (JsonNode v : list) {
      if (v.isContainerNode()) {
        throw PatchErrors.panicked();
      }
      (by.stream().anyMatch(b -> GoValues.same(b, v)) ? named : rest).add(v);
    }
    return new Partition(named, rest);
  }

  /** Splits objects by whether {@code by} holds one with the same merge key value. */
  static Partition partitionObjects(List<JsonNode> list, List<JsonNode> by, String mergeKey) {
    List<JsonNode> named = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    for (JsonNode v : list) {
      if (!v.isObject()) {
        throw notAnObject(v);
      }
      JsonNode key = v.get(mergeKey);
      if (key == null) {
        throw noMergeKey(v, mergeKey);
      }
      (find(by, mergeKey, key) >= 0 ? named : rest).add(v);
    }
    return new Partition(named, rest);
  }

  /** Splits off the objects carrying {@code $patch: delete} (as {@code named}). */
  static Partition splitDeletions(List<JsonNode> list) {
    List<JsonNode> deletions = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    for (JsonNode v : list) {
      if (!v.isObject()) {
        throw notAnObject(v);
      }
      JsonNode directive = v.get(StrategicMerge.DIRECTIVE);
      boolean delete = directive != null && directive.isTextual() && directive.asText().equals("delete");
      (delete ? deletions : rest).add(v);
    }
    return new Partition(deletions, rest);
  }

  /**
   * The position of the first object whose {@code key} equals {@code value}, or -1.
   *
   * @throws StatusException if an element is not an object
   */
  static int find(List<JsonNode> list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      if (!v.isObject()) {
        throw PatchErrors.failed("value for key " + i + " is not a map");
      }
      JsonNode candidate = v.get(key);
      if (candidate != null && GoValues.same(candidate, value)) {
        return i;
      }
    }
    return -1;
  }

  static void requireMergeKey(String mergeKey, List<JsonNode> list) {
    for (JsonNode item : list) {
      if (!item.isObject()) {
        throw notAnObject(item);
      }
      if (!item.has(mergeKey)) {
        throw noMergeKey(item, mergeKey);
      }
    }
  }

  /**
   * Checks that the patch list names its elements in the order {@code $setElementOrder} lists
   * them, skipping deletions and other directives (upstream's validatePatchWithSetOrderList).
   */
  static void checkPatchFollows(List<JsonNode> patchList, List<JsonNode> order, String mergeKey) {
    if (order.isEmpty() || patchList.isEmpty()) {
      return;
    }
    List<JsonNode> items = mergeKey.isEmpty() ? patchList : splitDeletions(patchList).rest();
    int p = 0;
    int o = 0;
    while (p < items.size() && o < order.size()) {
      JsonNode item = items.get(p);
      if (item.isObject() && item.has(StrategicMerge.DIRECTIVE)) {
        p++;
        continue;
      }
      if (sameKey(item, order.get(o), mergeKey)) {
        p++;
      }
      o++;
    }
    if (p < items.size()) {
      throw PatchErrors.failed(
          "the order in patch list:\n"
              + GoValues.v(patchList)
              + "\n doesn't match "
              + StrategicMerge.SET_ELEMENT_ORDER
              + " list:\n"
              + GoValues.v(order));
    }
  }

  /** Go's mergeKeyValueEqual: equal values, or equal merge key values of two objects. */
  private static boolean sameKey(JsonNode left, JsonNode right, String mergeKey) {
    if (mergeKey.isEmpty()) {
      if (left.isContainerNode() || right.isContainerNode()) {
        throw PatchErrors.panicked();
      }
      return GoValues.same(left, right);
    }
    if (!left.isObject()) {
      throw notAnObject(left);
    }
    if (!right.isObject()) {
      throw notAnObject(right);
    }
    if (!left.has(mergeKey)) {
      throw noMergeKey(left, mergeKey);
    }
    if (!right.has(mergeKey)) {
      throw noMergeKey(right, mergeKey);
    }
    return GoValues.same(left.get(mergeKey), right.get(mergeKey));
  }

  static StatusException notAList(JsonNode v) {
    return PatchErrors.failed("expected a []interface {}, but received a " + GoValues.typeName(v));
  }

  static StatusException notAnObject(JsonNode v) {
    return PatchErrors.failed("expected a map[string]interface {}, but received a " + GoValues.typeName(v));
  }

  static StatusException noMergeKey(JsonNode map, String mergeKey) {
    return PatchErrors.failed("map: " + GoValues.v(map) + " does not contain declared merge key: " + mergeKey);
  }
}
