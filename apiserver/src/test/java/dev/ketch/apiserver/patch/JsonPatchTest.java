package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.bytes;
import static dev.ketch.apiserver.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {

  private static final String DOCUMENT =
      """
      metadata:
        name: web
        labels: {app: web}
        annotations: {a/b: slash, c~d: tilde}
      spec:
        replicas: 2
        list: [a, b, c]
        nothing: null
      """;

  static Stream<Arguments> patches() {
    return Stream.of(
        Arguments.of(
            "add a member",
            "[{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"fe\"}]",
            "metadata: {labels: {app: web, tier: fe}}"),
        Arguments.of(
            "add replaces a member", "[{\"op\":\"add\",\"path\":\"/spec/replicas\",\"value\":3}]", "spec: {replicas: 3}"),
        Arguments.of(
            "add inserts at an index", "[{\"op\":\"add\",\"path\":\"/spec/list/1\",\"value\":\"x\"}]", "spec: {list: [a, x, b, c]}"),
        Arguments.of("add appends with -", "[{\"op\":\"add\",\"path\":\"/spec/list/-\",\"value\":\"x\"}]", "spec: {list: [a, b, c, x]}"),
        Arguments.of(
            "add at the length appends", "[{\"op\":\"add\",\"path\":\"/spec/list/3\",\"value\":\"x\"}]", "spec: {list: [a, b, c, x]}"),
        Arguments.of(
            "add at a negative index counts from the end",
            "[{\"op\":\"add\",\"path\":\"/spec/list/-4\",\"value\":\"x\"}]",
            "spec: {list: [x, a, b, c]}"),
        Arguments.of("add without a value adds null", "[{\"op\":\"add\",\"path\":\"/spec/paused\"}]", "spec: {paused: null}"),
        Arguments.of("remove a member", "[{\"op\":\"remove\",\"path\":\"/metadata/labels/app\"}]", "metadata: {labels: {}}"),
        Arguments.of("remove a member holding null", "[{\"op\":\"remove\",\"path\":\"/spec/nothing\"}]", "spec: {nothing: ~drop}"),
        Arguments.of("remove the last element", "[{\"op\":\"remove\",\"path\":\"/spec/list/-1\"}]", "spec: {list: [a, b]}"),
        Arguments.of("replace a member", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]", "spec: {replicas: 5}"),
        Arguments.of(
            "replace of a missing member adds it",
            "[{\"op\":\"replace\",\"path\":\"/spec/paused\",\"value\":true}]",
            "spec: {paused: true}"),
        Arguments.of("replace an element", "[{\"op\":\"replace\",\"path\":\"/spec/list/0\",\"value\":\"z\"}]", "spec: {list: [z, b, c]}"),
        Arguments.of(
            "move a member",
            "[{\"op\":\"move\",\"from\":\"/metadata/labels/app\",\"path\":\"/metadata/labels/name\"}]",
            "metadata: {labels: {app: ~drop, name: web}}"),
        Arguments.of(
            "move an element", "[{\"op\":\"move\",\"from\":\"/spec/list/0\",\"path\":\"/spec/list/-\"}]", "spec: {list: [b, c, a]}"),
        Arguments.of(
            "copy a member",
            "[{\"op\":\"copy\",\"from\":\"/metadata/name\",\"path\":\"/metadata/labels/name\"}]",
            "metadata: {labels: {app: web, name: web}}"),
        Arguments.of(
            "copy of a missing member copies null",
            "[{\"op\":\"copy\",\"from\":\"/spec/missing\",\"path\":\"/spec/copied\"}]",
            "spec: {copied: null}"),
        Arguments.of(
            "test then replace",
            "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":2},{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]",
            "spec: {replicas: 4}"),
        Arguments.of(
            "test of a whole object",
            "[{\"op\":\"test\",\"path\":\"/metadata/labels\",\"value\":{\"app\":\"web\"}},"
                + "{\"op\":\"test\",\"path\":\"/spec/list\",\"value\":[\"a\",\"b\",\"c\"]}]",
            ""),
        Arguments.of(
            "test of a missing member passes against null", "[{\"op\":\"test\",\"path\":\"/spec/missing\",\"value\":null}]", ""),
        Arguments.of(
            "~1 and ~0 escape / and ~",
            "[{\"op\":\"replace\",\"path\":\"/metadata/annotations/a~1b\",\"value\":\"s\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/annotations/c~0d\"}]",
            "metadata: {annotations: {a/b: s, c~d: ~drop}}"),
        Arguments.of(
            "operations see the effect of earlier ones",
            "[{\"op\":\"add\",\"path\":\"/spec/template\",\"value\":{}},"
                + "{\"op\":\"add\",\"path\":\"/spec/template/labels\",\"value\":{\"app\":\"web\"}}]",
            "spec: {template: {labels: {app: web}}}"),
        Arguments.of(
            "replace of the whole document",
            "[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"kind\":\"Other\"}}]",
            "~replaceAll: {kind: Other}"),
        Arguments.of("replace of the whole document by a scalar is ignored", "[{\"op\":\"replace\",\"path\":\"\",\"value\":1}]", ""),
        Arguments.of("an empty patch", "[]", ""),
        Arguments.of("a null patch", "null", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void appliesPatches(String name, String patch, String change) {
    JsonNode document = yaml(DOCUMENT);
    JsonNode before = document.deepCopy();

    JsonNode result = JsonPatch.apply(document, bytes(patch));

    assertThat(result).isEqualTo(expected(change));
    assertThat(document).as("the stored object is not changed").isEqualTo(before);
  }

  /**
   * The document with a change merged in: objects merge, {@code ~drop} removes a member, a
   * top-level {@code ~replaceAll} stands for the whole result.
   */
  private static JsonNode expected(String change) {
    JsonNode changes = yaml(change);
    if (changes.isNull()) {
      return yaml(DOCUMENT);
    }
    if (changes.has("~replaceAll")) {
      return changes.get("~replaceAll");
    }
    return overlay(yaml(DOCUMENT), changes);
  }

  private static JsonNode overlay(JsonNode target, JsonNode changes) {
    var object = (com.fasterxml.jackson.databind.node.ObjectNode) target;
    changes.properties().forEach(
        e -> {
          JsonNode value = e.getValue();
          if (value.isTextual() && value.asText().equals("~drop")) {
            object.remove(e.getKey());
          } else if (value.isObject() && object.has(e.getKey()) && !value.isEmpty()) {
            overlay(object.get(e.getKey()), value);
          } else {
            object.set(e.getKey(), value);
          }
        });
    return target;
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("not JSON", "[{op}]", 400, "error decoding patch: invalid character 'o' looking for beginning of object key string"),
        Arguments.of(
            "not an array",
            "{\"op\":\"add\"}",
            400,
            "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp"),
        Arguments.of(
            "an operation that is not an object",
            "[\"add\"]",
            400,
            "error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp"),
        Arguments.of(
            "a path that is not a string",
            "[{\"op\":\"remove\",\"path\":1}]",
            400,
            "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string"),
        Arguments.of("a failed test", "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":3}]", 422, PatchErrors.REJECTED),
        Arguments.of(
            "a test comparing 2 with 2.0", "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":2.0}]", 422, PatchErrors.REJECTED),
        Arguments.of(
            "a test of an object with other members",
            "[{\"op\":\"test\",\"path\":\"/metadata/labels\",\"value\":{\"app\":\"web\",\"x\":\"y\"}}]",
            422,
            PatchErrors.REJECTED),
        Arguments.of("remove of a missing member", "[{\"op\":\"remove\",\"path\":\"/spec/missing\"}]", 422, PatchErrors.REJECTED),
        Arguments.of(
            "add under a missing parent", "[{\"op\":\"add\",\"path\":\"/status/replicas\",\"value\":1}]", 422, PatchErrors.REJECTED),
        Arguments.of("an index past the end", "[{\"op\":\"remove\",\"path\":\"/spec/list/3\"}]", 422, PatchErrors.REJECTED),
        Arguments.of("an index that is not a number", "[{\"op\":\"add\",\"path\":\"/spec/list/x\",\"value\":1}]", 422, PatchErrors.REJECTED),
        Arguments.of("an unknown op", "[{\"op\":\"merge\",\"path\":\"/spec\"}]", 422, PatchErrors.REJECTED),
        Arguments.of("no op", "[{\"path\":\"/spec\"}]", 422, PatchErrors.REJECTED),
        Arguments.of("no path", "[{\"op\":\"remove\"}]", 422, PatchErrors.REJECTED),
        Arguments.of("move from a missing member", "[{\"op\":\"move\",\"from\":\"/x\",\"path\":\"/y\"}]", 422, PatchErrors.REJECTED),
        Arguments.of(
            "a failure after successful operations",
            "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9},{\"op\":\"remove\",\"path\":\"/nope\"}]",
            422,
            PatchErrors.REJECTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void refusesPatches(String name, String patch, int code, String message) {
    JsonNode document = yaml(DOCUMENT);
    JsonNode before = document.deepCopy();

    StatusException e = catchThrowableOfType(StatusException.class, () -> JsonPatch.apply(document, bytes(patch)));

    assertThat(e).as("refused").isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.toStatus().getReason()).isEqualTo(code == 422 ? "Invalid" : "BadRequest");
    assertThat(document).as("the stored object is not changed").isEqualTo(before);
  }

  @Test
  void leavesTheOperationsUnchanged() {
    JsonNode operations =
        Trees.json(
            "[{\"op\":\"add\",\"path\":\"/spec/template\",\"value\":{}},"
                + "{\"op\":\"add\",\"path\":\"/spec/template/labels\",\"value\":{\"app\":\"web\"}}]");
    JsonNode before = operations.deepCopy();

    JsonPatch.apply(yaml(DOCUMENT), operations);

    assertThat(operations).isEqualTo(before);
  }

  @Test
  void refusesMoreOperationsThanUpstream() {
    String op = "{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":2}";
    String patch = "[" + String.join(",", java.util.Collections.nCopies(JsonPatch.MAX_OPERATIONS + 1, op)) + "]";

    StatusException e = catchThrowableOfType(StatusException.class, () -> JsonPatch.apply(yaml(DOCUMENT), bytes(patch)));

    assertThat(e.code()).isEqualTo(413);
    assertThat(e.getMessage())
        .isEqualTo("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
  }
}
