package dev.ketch.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object half of a strategic merge, following kube-apiserver's server-side merge
 * (StrategicMergeMapPatch: parallel lists merged, unmatched nulls ignored): {@code $patch} on an
 * object, {@code $retainKeys}, {@code $setElementOrder/<field>} and
 * {@code $deleteFromPrimitiveList/<field>} directives, {@code null} deleting a key, objects merged
 * recursively unless their field's strategy is {@code replace}, lists handed to
 * {@link StrategicLists}, and everything else replaced. Values added where the original had none
 * lose their nulls and any object carrying {@code $patch}, as upstream does. Works in place on
 * trees the caller owns; not thread-safe (a new instance per patch is cheap).
 */
final class StrategicMerge {

  static final String DIRECTIVE = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
  static final String SET_ELEMENT_ORDER = "$setElementOrder";

  private final StrategicLists lists = new StrategicLists(this);

  /**
   * Merges {@code patch} into {@code original}, changing both.
   *
   * @return the merged object: {@code original}, or another object if the patch replaces or
   *     deletes it with {@code $patch}
   */
  ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
    JsonNode directive = patch.get(DIRECTIVE);
    if (directive != null) {
      return objectDirective(directive, patch);
    }
    applyRetainKeys(original, patch);
    mergeOrderedLists(original, patch, schema);
    for (String patchKey : fieldNames(patch)) {
      JsonNode patchValue = patch.get(patchKey);
      String key = patchKey;
      boolean deleteList = false;
      if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST);
        deleteList = true;
      }
      if (patchValue.isNull()) {
        original.remove(key);
        continue;
      }
      JsonNode current = original.get(key);
      GoValues.Kind kind = GoValues.kind(current);
      if (current == null || kind != GoValues.kind(patchValue)) {
        if (!deleteList) {
          discardNulls(patchValue);
          putWithoutDirectives(original, key, patchValue);
        }
        continue;
      }
      switch (kind) {
        case MAP -> {
          PatchSchema.Lookup field = schema.forObject(key);
          boolean replace = otherStrategy(field.strategy()).equals("replace");
          original.set(
              key,
              replace ? patchValue : mergeMap((ObjectNode) current, (ObjectNode) patchValue, field.schema()));
        }
        case SLICE -> {
          PatchSchema.Lookup field = schema.forList(key);
          StrategicLists.Merged merged =
              lists.merge(
                  (ArrayNode) current,
                  (ArrayNode) patchValue,
                  field.schema(),
                  otherStrategy(field.strategy()),
                  field.strategy().patchMergeKey(),
                  deleteList);
          original.set(key, array(merged.elements()));
        }
        default -> putWithoutDirectives(original, key, patchValue);
      }
    }
    return original;
  }

  /** {@code $patch} on an object: replace it by the rest of the patch, or empty it. */
  private static ObjectNode objectDirective(JsonNode directive, ObjectNode patch) {
    String value = directive.isTextual() ? directive.asText() : "";
    if (value.equals("replace")) {
      patch.remove(DIRECTIVE);
      return patch;
    }
    if (value.equals("delete")) {
      return JsonNodeFactory.instance.objectNode();
    }
    throw unknownPatchType(directive, patch);
  }

  static StatusException unknownPatchType(JsonNode directive, JsonNode map) {
    return PatchErrors.failed("unknown patch type: " + GoValues.s(directive) + " in map: " + GoValues.v(map));
  }

  /**
   * {@code $retainKeys}: every key the patch sets must be listed, and the original keeps only the
   * listed keys.
   */
  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    if (!patch.has(RETAIN_KEYS)) {
      return;
    }
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (!retain.isArray()) {
      throw PatchErrors.badRequest("invalid patch format of retainKeys");
    }
    Set<String> keys = new HashSet<>();
    for (JsonNode k : retain) {
      if (k.isContainerNode()) {
        throw PatchErrors.panicked();
      }
      if (k.isTextual()) {
        keys.add(k.asText());
      }
    }
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String k = field.getKey();
      if (field.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (!keys.contains(k)) {
        throw PatchErrors.badRequest("invalid patch format of retainKeys");
      }
    }
    original.retain(keys);
  }

  /**
   * {@code $setElementOrder/<field>}: merges the field's list (if the patch has one) and orders the
   * result: listed elements in the listed order, server-only elements where the live list had
   * them. Removes the directive and the list it handled from the patch.
   */
  private void mergeOrderedLists(ObjectNode original, ObjectNode patch, PatchSchema schema) {
    for (String directiveKey : fieldNames(patch)) {
      if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      JsonNode order = patch.remove(directiveKey);
      if (!order.isArray()) {
        throw ElementOrder.notAList(order);
      }
      String key = extractKey(directiveKey, SET_ELEMENT_ORDER);
      boolean inOriginal = original.has(key);
      boolean inPatch = patch.has(key);
      JsonNode originalList = original.get(key);
      JsonNode patchList = patch.get(key);
      if (inOriginal && !originalList.isArray()) {
        throw ElementOrder.notAList(originalList);
      }
      if (inPatch && !patchList.isArray()) {
        throw ElementOrder.notAList(patchList);
      }
      PatchSchema.Lookup field = schema.forList(key);
      String mergeKey = field.strategy().patchMergeKey();
      String strategy = otherStrategy(field.strategy());
      List<JsonNode> orderList = StrategicLists.list(order);
      ElementOrder.checkPatchFollows(StrategicLists.list(patchList), orderList, mergeKey);

      List<JsonNode> merged;
      List<JsonNode> liveOrder = StrategicLists.list(originalList);
      if (inOriginal && inPatch) {
        StrategicLists.Merged result =
            lists.merge((ArrayNode) originalList, (ArrayNode) patchList, field.schema(), strategy, mergeKey, false);
        merged = result.elements();
        liveOrder = result.liveOrder();
      } else if (inOriginal) {
        merged = liveOrder;
      } else if (inPatch) {
        merged = StrategicLists.list(withoutDirectives(patchList));
      } else {
        continue;
      }
      ElementOrder.Partition split =
          mergeKey.isEmpty()
              ? ElementOrder.partitionScalars(merged, orderList)
              : ElementOrder.partitionObjects(merged, orderList, mergeKey);
      boolean maps =
          StrategicLists.elementKind(List.of(liveOrder, StrategicLists.list(patchList))) == GoValues.Kind.MAP;
      original.set(
          key, array(ElementOrder.normalize(split.named(), split.rest(), orderList, liveOrder, mergeKey, maps)));
      patch.remove(key);
    }
  }

  /**
   * The strategy other than {@code retainKeys} (which only matters when building patches).
   *
   * @throws StatusException 500 for a tag that upstream could not parse either
   */
  private static String otherStrategy(FieldStrategy strategy) {
    List<String> all = strategy.strategies();
    return switch (all.size()) {
      case 0 -> "";
      case 1 -> all.getFirst().equals("retainKeys") ? "" : all.getFirst();
      case 2 -> {
        if (all.get(0).equals("retainKeys")) {
          yield all.get(1);
        }
        if (all.get(1).equals("retainKeys")) {
          yield all.get(0);
        }
        throw PatchErrors.failed("unexpected patch strategy: [" + String.join(" ", all) + "]");
      }
      default -> throw PatchErrors.failed("unexpected patch strategy: [" + String.join(" ", all) + "]");
    };
  }

  /** The field a {@code $directive/<field>} key names. */
  private static String extractKey(String key, String prefix) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw PatchErrors.badRequest(
          prefix.equals(SET_ELEMENT_ORDER)
              ? "invalid patch format of setElementOrder list"
              : "invalid patch format of primitive list");
    }
    return key.substring(slash + 1);
  }

  private static void putWithoutDirectives(ObjectNode target, String key, JsonNode value) {
    JsonNode kept = withoutDirectives(value);
    if (kept == null) {
      target.remove(key);
    } else {
      target.set(key, kept);
    }
  }

  /**
   * The value with every object that carries {@code $patch} dropped, at any depth; {@code null}
   * if the value itself is such an object.
   */
  static JsonNode withoutDirectives(JsonNode value) {
    if (value.isObject()) {
      if (value.has(DIRECTIVE)) {
        return null;
      }
      ObjectNode object = (ObjectNode) value;
      for (String k : fieldNames(object)) {
        JsonNode kept = withoutDirectives(object.get(k));
        if (kept == null) {
          object.remove(k);
        } else {
          object.set(k, kept);
        }
      }
      return object;
    }
    if (value.isArray()) {
      ArrayNode kept = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : value) {
        JsonNode k = withoutDirectives(element);
        if (k != null) {
          kept.add(k);
        }
      }
      return kept;
    }
    return value;
  }

  /** Removes null members of objects at every depth; nulls in arrays stay. */
  private static void discardNulls(JsonNode value) {
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      for (String k : fieldNames(object)) {
        if (object.get(k).isNull()) {
          object.remove(k);
        } else {
          discardNulls(object.get(k));
        }
      }
    } else if (value.isArray()) {
      value.forEach(StrategicMerge::discardNulls);
    }
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>(object.size());
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static ArrayNode array(List<JsonNode> elements) {
    return JsonNodeFactory.instance.arrayNode().addAll(elements);
  }
}
