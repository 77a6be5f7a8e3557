package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.body;
import static dev.ketch.apiserver.patch.Trees.bytes;
import static dev.ketch.apiserver.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strategic merge engine on a model shaped like upstream's own test type: a list merged by
 * name, a merged list of integers, lists and maps without a strategy, a replaced map, a
 * retainKeys map and a merge,retainKeys list. Each case applies a patch to a stored object.
 */
class StrategicMergePatchTest {

  record Item(
      String name,
      String value,
      String other,
      List<Item> mergingList,
      List<Item> nonMergingList,
      List<Integer> mergingIntList,
      List<Integer> nonMergingIntList,
      Map<String, String> simpleMap,
      Map<String, Object> replacingMap,
      Keyed retainKeysMap,
      List<Item> retainKeysMergingList) {}

  record Keyed(String name, String value, String other, Map<String, String> simpleMap, List<Item> mergingList) {}

  private static final StrategicMergePatch PATCH =
      new StrategicMergePatch(
          new PatchMetadata(
              Map.of(
                  Item.class,
                  Map.of(
                      "mergingList", FieldStrategy.merge("name"),
                      "mergingIntList", FieldStrategy.merge(""),
                      "replacingMap", FieldStrategy.replace(),
                      "retainKeysMap", FieldStrategy.retainKeys(),
                      "retainKeysMergingList", FieldStrategy.mergeRetainKeys("name")),
                  Keyed.class,
                  Map.of("mergingList", FieldStrategy.merge("name")))));

  static Stream<Arguments> patches() {
    return Stream.of(
        Arguments.of("adds a field", "name: a", "value: b", "{name: a, value: b}"),
        Arguments.of("null deletes a field", "{name: a, value: b}", "value: null", "name: a"),
        Arguments.of("null for a missing field changes nothing", "name: a", "value: null", "name: a"),
        Arguments.of(
            "a nested map merges key by key",
            "simpleMap: {k1: a, k2: b}",
            "simpleMap: {k2: null, k3: c}",
            "simpleMap: {k1: a, k3: c}"),
        Arguments.of("$patch delete empties a map", "simpleMap: {k1: a}", "simpleMap: {$patch: delete}", "simpleMap: {}"),
        Arguments.of(
            "$patch replace replaces a map",
            "simpleMap: {k1: a, k2: b}",
            "simpleMap: {$patch: replace, k3: c}",
            "simpleMap: {k3: c}"),
        Arguments.of("$patch replace on the whole object", "{name: a, value: b}", "{$patch: replace, other: c}", "other: c"),
        Arguments.of(
            "the replace strategy replaces a map", "replacingMap: {a: 1, b: 2}", "replacingMap: {c: 3}", "replacingMap: {c: 3}"),
        Arguments.of(
            "a value of another type replaces", "{value: a, simpleMap: {k: v}}", "{value: b, simpleMap: x}", "{value: b, simpleMap: x}"),
        Arguments.of(
            "lists without a strategy are replaced",
            "{nonMergingList: [{name: 1}, {name: 2}], nonMergingIntList: [1, 2]}",
            "{nonMergingList: [{name: 3}], nonMergingIntList: [3]}",
            "{nonMergingList: [{name: 3}], nonMergingIntList: [3]}"),
        Arguments.of(
            "merged list: elements merge by key, the patch's order is kept",
            "mergingList: [{name: 1, value: a}, {name: 2}]",
            "mergingList: [{name: 2, value: b}, {name: 3}]",
            "mergingList: [{name: 1, value: a}, {name: 2, value: b}, {name: 3}]"),
        Arguments.of(
            "merged list: a new element goes first when no order is given",
            "mergingList: [{name: 1}, {name: 2}]",
            "mergingList: [{name: 3}]",
            "mergingList: [{name: 3}, {name: 1}, {name: 2}]"),
        Arguments.of(
            "merged list: the patch's order wins, server-only elements keep their place",
            "mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]",
            "mergingList: [{name: 3, value: c}, {name: 1, value: a}]",
            "mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]"),
        Arguments.of(
            "$patch delete removes every element with the key",
            "mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}]",
            "mergingList: [{name: 1, $patch: delete}]",
            "mergingList: [{name: 2, value: a}]"),
        Arguments.of(
            "$patch delete of a missing element changes nothing",
            "mergingList: [{name: 2, other: b}]",
            "mergingList: [{name: 1, $patch: delete}]",
            "mergingList: [{name: 2, other: b}]"),
        Arguments.of(
            "$patch replace in a list replaces the list",
            "mergingList: [{name: 1}, {name: 2}]",
            "mergingList: [{name: 3, value: c}, {$patch: replace}]",
            "mergingList: [{name: 3, value: c}]"),
        Arguments.of(
            "$patch replace alone empties a list", "mergingList: [{name: 1}]", "mergingList: [{$patch: replace}]", "mergingList: []"),
        Arguments.of(
            "merged list of scalars adds each value once",
            "mergingIntList: [1, 2]",
            "mergingIntList: [2, 3]",
            "mergingIntList: [1, 2, 3]"),
        Arguments.of(
            "merged list of scalars: the patch's order wins",
            "mergingIntList: [1, 2, 3]",
            "mergingIntList: [3, 1]",
            "mergingIntList: [2, 3, 1]"),
        Arguments.of(
            "$deleteFromPrimitiveList removes every copy",
            "mergingIntList: [1, 2, 3, 3]",
            "$deleteFromPrimitiveList/mergingIntList: [3]",
            "mergingIntList: [1, 2]"),
        Arguments.of(
            "$setElementOrder orders objects, a server-only element stays between its neighbours",
            "mergingList: [{name: a}, {name: b}, {name: s}, {name: c}]",
            "$setElementOrder/mergingList: [{name: b}, {name: a}, {name: c}]",
            "mergingList: [{name: b}, {name: a}, {name: s}, {name: c}]"),
        Arguments.of(
            "$setElementOrder orders scalars with a server-only value",
            "mergingIntList: [1, 2, 9, 3, 4]",
            "$setElementOrder/mergingIntList: [2, 1, 4, 3]",
            "mergingIntList: [2, 1, 9, 4, 3]"),
        Arguments.of(
            "$setElementOrder places an added scalar",
            "mergingIntList: [1, 2]",
            "{$setElementOrder/mergingIntList: [3, 1, 2], mergingIntList: [3]}",
            "mergingIntList: [3, 1, 2]"),
        Arguments.of(
            "$setElementOrder with $deleteFromPrimitiveList",
            "mergingIntList: [1, 2, 3]",
            "{$setElementOrder/mergingIntList: [2, 1], $deleteFromPrimitiveList/mergingIntList: [3]}",
            "mergingIntList: [2, 1]"),
        Arguments.of(
            "$setElementOrder naming an element neither side has",
            "mergingList: [{name: 1}, {name: 3}]",
            "{$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}], mergingList: [{name: 3, value: c}, {name: 1, value: a}]}",
            "mergingList: [{name: 3, value: c}, {name: 1, value: a}]"),
        Arguments.of(
            "delete and add: a server-only element keeps its place before the added one",
            "mergingList: [{name: old}, {name: kept, other: x}, {name: server, other: y}]",
            "{$setElementOrder/mergingList: [{name: kept}, {name: new}], mergingList: [{name: new}, {name: old, $patch: delete}]}",
            "mergingList: [{name: kept, other: x}, {name: server, other: y}, {name: new}]"),
        Arguments.of(
            "delete and add: the freed slot puts the server-only element first",
            "mergingList: [{name: old, other: x}, {name: server, other: y}]",
            "{$setElementOrder/mergingList: [{name: kept}, {name: new}], mergingList: [{name: kept}, {name: new}, {name: old, $patch: delete}]}",
            "mergingList: [{name: server, other: y}, {name: kept}, {name: new}]"),
        Arguments.of(
            "$setElementOrder with duplicate keys keeps both duplicates together",
            "mergingList: [{name: 1}, {name: 2, value: d1}, {name: 3}, {name: 2, value: d2}, {name: 4}]",
            "$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}, {name: 2}]",
            "mergingList: [{name: 2, value: d1}, {name: 2, value: d2}, {name: 1}, {name: 4}, {name: 3}]"),
        Arguments.of(
            "lists merge inside merged elements",
            "mergingList: [{name: 1, other: o, mergingList: [{name: a}, {name: b, value: x}]}]",
            """
            mergingList:
            - name: 1
              $setElementOrder/mergingList: [{name: a}, {name: b}]
              mergingList: [{name: a, value: y}]
            """,
            "mergingList: [{name: 1, other: o, mergingList: [{name: a, value: y}, {name: b, value: x}]}]"),
        Arguments.of(
            "$retainKeys clears the keys it does not list",
            "retainKeysMap: {name: foo, value: bar, other: x}",
            "retainKeysMap: {$retainKeys: [name, value], value: baz}",
            "retainKeysMap: {name: foo, value: baz}"),
        Arguments.of(
            "$retainKeys in a list element",
            "retainKeysMergingList: [{name: a, value: x, other: y}, {name: b}]",
            """
            $setElementOrder/retainKeysMergingList: [{name: a}, {name: b}]
            retainKeysMergingList: [{$retainKeys: [name, other], name: a, other: z}]
            """,
            "retainKeysMergingList: [{name: a, other: z}, {name: b}]"),
        Arguments.of(
            "a retainKeys map without the directive merges",
            "retainKeysMap: {name: foo, value: a}",
            "retainKeysMap: {value: b}",
            "retainKeysMap: {name: foo, value: b}"),
        Arguments.of(
            "added values lose their nulls and their $patch objects",
            "name: a",
            "{simpleMap: {k: v, gone: null}, mergingList: [{name: x, $patch: delete}, {name: y}]}",
            "{name: a, simpleMap: {k: v}, mergingList: [{name: y}]}"),
        Arguments.of("an added map carrying $patch is dropped", "name: a", "simpleMap: {$patch: delete}", "name: a"),
        Arguments.of(
            "an element added to a merged list is taken as sent",
            "mergingList: [{name: 1}]",
            "mergingList: [{name: 2, value: null, mergingList: [{name: z, $patch: delete}]}]",
            "mergingList: [{name: 2, value: null, mergingList: [{name: z, $patch: delete}]}, {name: 1}]"),
        Arguments.of(
            "a map replacing a list", "mergingList: [{name: 1}, {name: 1}]", "mergingList: {}", "mergingList: {}"),
        Arguments.of(
            "keys the model does not know merge without a strategy",
            "unknown: {list: [1, 2], map: {a: 1}}",
            "unknown: {list: [3], map: {b: 2}}",
            "unknown: {list: [3], map: {a: 1, b: 2}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void appliesPatches(String name, String current, String patch, String expected) {
    JsonNode original = yaml(current);
    JsonNode before = original.deepCopy();

    JsonNode result = PATCH.apply(Item.class, original, body(patch));

    assertThat(result).isEqualTo(yaml(expected));
    assertThat(original).as("the stored object is not changed").isEqualTo(before);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("body is cut short", "name: a", "{\"name\":", 400, "unexpected end of JSON input"),
        Arguments.of(
            "body is not JSON", "name: a", "{name: a}", 400, "invalid character 'n' looking for beginning of object key string"),
        Arguments.of(
            "body is an array", "name: a", "[1]", 400, "json: cannot unmarshal array into Go value of type map[string]interface {}"),
        Arguments.of(
            "$patch merge on an object",
            "simpleMap: {a: b}",
            "{\"simpleMap\":{\"$patch\":\"merge\"}}",
            500,
            "unknown patch type: merge in map: map[$patch:merge]"),
        Arguments.of(
            "$patch merge on a list element",
            "mergingList: [{name: 1}]",
            "{\"mergingList\":[{\"name\":1,\"$patch\":\"merge\"}]}",
            500,
            "merging lists cannot yet be specified in the patch"),
        Arguments.of(
            "unknown $patch on a list element",
            "mergingList: [{name: 1}]",
            "{\"mergingList\":[{\"name\":1,\"$patch\":\"foo\"}]}",
            500,
            "unknown patch type: foo in map: map[$patch:foo name:1]"),
        Arguments.of(
            "a list element without its merge key",
            "mergingList: [{name: 1}]",
            "{\"mergingList\":[{\"value\":\"b\"}]}",
            500,
            "map: map[value:b] does not contain declared merge key: name"),
        Arguments.of(
            "a deletion without its merge key",
            "mergingList: [{name: 1}]",
            "{\"mergingList\":[{\"$patch\":\"delete\"}]}",
            500,
            "map: map[$patch:delete] does not contain declared merge key: name"),
        Arguments.of(
            "a patch list out of $setElementOrder's order",
            "mergingList: [{name: 1}, {name: 2}]",
            "{\"$setElementOrder/mergingList\":[{\"name\":1},{\"name\":2}],"
                + "\"mergingList\":[{\"name\":2,\"value\":\"x\"},{\"name\":1,\"value\":\"y\"}]}",
            500,
            "the order in patch list:\n[map[name:2 value:x] map[name:1 value:y]]\n doesn't match $setElementOrder list:\n"
                + "[map[name:1] map[name:2]]"),
        Arguments.of(
            "$retainKeys that is not a list",
            "retainKeysMap: {name: a}",
            "{\"retainKeysMap\":{\"$retainKeys\":\"name\"}}",
            400,
            "invalid patch format of retainKeys"),
        Arguments.of(
            "$retainKeys not naming a patched key",
            "retainKeysMap: {name: a}",
            "{\"retainKeysMap\":{\"$retainKeys\":[\"name\"],\"value\":\"x\"}}",
            400,
            "invalid patch format of retainKeys"),
        Arguments.of(
            "$setElementOrder without a field", "name: a", "{\"$setElementOrder\":[1]}", 400, "invalid patch format of setElementOrder list"),
        Arguments.of(
            "$deleteFromPrimitiveList without a field",
            "name: a",
            "{\"$deleteFromPrimitiveListX\":[1]}",
            400,
            "invalid patch format of primitive list"),
        Arguments.of(
            "$setElementOrder that is not a list",
            "mergingList: [{name: 1}]",
            "{\"$setElementOrder/mergingList\":\"x\"}",
            500,
            "expected a []interface {}, but received a string"),
        Arguments.of(
            "$setElementOrder for a field that is not a list",
            "value: a",
            "{\"$setElementOrder/name\":[]}",
            500,
            "expected slice or array type, but got: struct"),
        Arguments.of(
            "a list of lists", "mergingIntList: [[1]]", "{\"mergingIntList\":[[2]]}", 422, PatchErrors.REJECTED),
        Arguments.of(
            "a merged list mixing types",
            "mergingIntList: [1]",
            "{\"mergingIntList\":[\"a\"]}",
            500,
            "list element types are not identical: [[1] [a]]"),
        Arguments.of(
            "objects in a merged list without a merge key",
            "mergingIntList: [{a: 1}]",
            "{\"mergingIntList\":[{\"a\":2}]}",
            500,
            "cannot merge lists without merge key for int32"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void refusesPatches(String name, String current, String patch, int code, String message) {
    JsonNode original = yaml(current);
    JsonNode before = original.deepCopy();

    StatusException e =
        catchThrowableOfType(StatusException.class, () -> PATCH.apply(Item.class, original, bytes(patch)));

    assertThat(e).as("refused").isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(original).as("the stored object is not changed").isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullPatch")
  void nullPatchChangesNothing(String name, String body) {
    JsonNode original = yaml("{name: a, mergingList: [{name: 1}]}");

    assertThat(PATCH.apply(Item.class, original, bytes(body))).isEqualTo(original);
  }

  static Stream<Arguments> nullPatch() {
    return Stream.of(Arguments.of("null", "null"), Arguments.of("empty object", "{}"));
  }
}
