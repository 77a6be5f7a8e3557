package dev.ketch.apiserver.fieldmanager.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ketch.apiserver.json.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Field sets to and from the fieldsV1 wire form, as structured-merge-diff writes and reads it. */
class FieldsV1Test {

  private static PathElement f(String name) {
    return new PathElement.Field(name);
  }

  private static PathElement k(String name, Object value) {
    return new PathElement.Key(List.of(new PathElement.KeyField(name, Json.mapper().valueToTree(value))));
  }

  private static PathElement k2(String a, Object av, String b, Object bv) {
    return new PathElement.Key(List.of(
        new PathElement.KeyField(a, Json.mapper().valueToTree(av)), new PathElement.KeyField(b, Json.mapper().valueToTree(bv))));
  }

  private static PathElement v(Object value) {
    return new PathElement.Value(Json.mapper().valueToTree(value));
  }

  private static FieldPath p(PathElement... elements) {
    return FieldPath.of(elements);
  }

  private static JsonNode json(String text) {
    return Json.tree(text.getBytes());
  }

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of("empty set", FieldSet.empty(), "{}"),
        Arguments.of("a scalar field", FieldSet.of(p(f("spec"), f("replicas"))), "{\"f:spec\":{\"f:replicas\":{}}}"),
        Arguments.of("fields sorted by name", FieldSet.of(p(f("b")), p(f("a")), p(f("c"))), "{\"f:a\":{},\"f:b\":{},\"f:c\":{}}"),
        Arguments.of("a member with children carries a dot first",
            FieldSet.of(p(f("metadata"), f("labels")), p(f("metadata"), f("labels"), f("app"))),
            "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}}}"),
        Arguments.of("a map-list element by its key",
            FieldSet.of(p(f("containers"), k("name", "nginx")), p(f("containers"), k("name", "nginx"), f("image"))),
            "{\"f:containers\":{\"k:{\\\"name\\\":\\\"nginx\\\"}\":{\".\":{},\"f:image\":{}}}}"),
        Arguments.of("keys of two fields sorted by field name, numbers as numbers",
            FieldSet.of(p(f("ports"), k2("protocol", "TCP", "containerPort", 80))),
            "{\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{}}}"),
        Arguments.of("set elements by value", FieldSet.of(p(f("finalizers"), v("b")), p(f("finalizers"), v("a"))),
            "{\"f:finalizers\":{\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}}"),
        Arguments.of("numbers in sets", FieldSet.of(p(f("values"), v(10)), p(f("values"), v(2))),
            "{\"f:values\":{\"v:2\":{},\"v:10\":{}}}"),
        Arguments.of("list positions", FieldSet.of(p(f("args"), new PathElement.Index(1))), "{\"f:args\":{\"i:1\":{}}}"),
        Arguments.of("fields before keys before values before indexes",
            FieldSet.of(p(new PathElement.Index(0)), p(v("x")), p(k("name", "a")), p(f("z"))),
            "{\"f:z\":{},\"k:{\\\"name\\\":\\\"a\\\"}\":{},\"v:\\\"x\\\"\":{},\"i:0\":{}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encodesAndDecodes(String name, FieldSet set, String wire) throws Exception {
    assertThat(Json.mapper().writeValueAsString(FieldsV1.encode(set))).isEqualTo(wire);
    assertThat(FieldsV1.decode(json(wire))).isEqualTo(set);
  }

  static Stream<Arguments> readings() {
    return Stream.of(
        Arguments.of("null is empty", "null", FieldSet.empty()),
        Arguments.of("unknown prefixes are skipped", "{\"x:foo\":{},\"f:a\":{}}", FieldSet.of(p(f("a")))),
        Arguments.of("a dot alone is the member itself", "{\"f:a\":{\".\":{}}}", FieldSet.of(p(f("a")))),
        Arguments.of("keys in any order", "{\"f:b\":{},\"f:a\":{\"f:c\":{}}}", FieldSet.of(p(f("b")), p(f("a"), f("c")))),
        Arguments.of("a key with several fields in any order",
            "{\"k:{\\\"protocol\\\":\\\"TCP\\\",\\\"containerPort\\\":80}\":{}}",
            FieldSet.of(p(k2("containerPort", 80, "protocol", "TCP")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readings")
  void reads(String name, String wire, FieldSet expected) throws Exception {
    assertThat(FieldsV1.decode(json(wire))).isEqualTo(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not an object", "[]"),
        Arguments.of("a leaf that is not an object", "{\"f:a\":1}"),
        Arguments.of("a key that is not JSON", "{\"k:{name\":{}}"),
        Arguments.of("an index that is not a number", "{\"i:x\":{}}"),
        Arguments.of("a key with no fields", "{\"k:{}\":{}}"),
        Arguments.of("no prefix", "{\"spec\":{}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedSets(String name, String wire) {
    assertThatThrownBy(() -> FieldsV1.decode(json(wire))).isInstanceOf(FieldsV1.MalformedException.class);
  }

  static Stream<Arguments> paths() {
    return Stream.of(
        Arguments.of(p(f("spec"), f("replicas")), ".spec.replicas"),
        Arguments.of(p(f("spec"), f("containers"), k("name", "nginx"), f("image")), ".spec.containers[name=\"nginx\"].image"),
        Arguments.of(p(f("ports"), k2("containerPort", 80, "protocol", "TCP")), ".ports[containerPort=80,protocol=\"TCP\"]"),
        Arguments.of(p(f("finalizers"), v("a")), ".finalizers[=\"a\"]"),
        Arguments.of(p(f("args"), new PathElement.Index(2)), ".args[2]"),
        Arguments.of(p(f("data"), f("a.b/c")), ".data.a.b/c"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("paths")
  void printsPathsAsUpstream(FieldPath path, String printed) {
    assertThat(path.toString()).isEqualTo(printed);
  }

  @org.junit.jupiter.api.Test
  void numbersParsedDifferentlyAreTheSameKey() {
    PathElement asInt = new PathElement.Key(List.of(new PathElement.KeyField("port", IntNode.valueOf(80))));
    PathElement asLong = new PathElement.Key(List.of(new PathElement.KeyField("port", Json.mapper().valueToTree(80L))));
    assertThat(asInt).isEqualTo(asLong);
    assertThat(new PathElement.Value(TextNode.valueOf("a"))).isEqualTo(v("a"));
  }
}
