package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.bytes;
import static dev.ketch.apiserver.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.errors.StatusException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergePatchTest {

  static Stream<Arguments> patches() {
    return Stream.of(
        Arguments.of(
            "kubectl label adds and removes labels",
            "metadata: {name: web, labels: {app: web, tier: fe}}",
            "{\"metadata\":{\"labels\":{\"env\":\"prod\",\"tier\":null}}}",
            "metadata: {name: web, labels: {app: web, env: prod}}"),
        Arguments.of(
            "kubectl label with --resource-version",
            "metadata: {name: web, resourceVersion: '7'}",
            "{\"metadata\":{\"labels\":{\"env\":\"prod\"},\"resourceVersion\":\"7\"}}",
            "metadata: {name: web, resourceVersion: '7', labels: {env: prod}}"),
        Arguments.of(
            "kubectl annotate overwrites an annotation",
            "metadata: {annotations: {note: old, keep: k}}",
            "{\"metadata\":{\"annotations\":{\"note\":\"new\"}}}",
            "metadata: {annotations: {note: new, keep: k}}"),
        Arguments.of(
            "kubectl scale on the scale subresource",
            "{apiVersion: autoscaling/v1, kind: Scale, spec: {replicas: 2}, status: {replicas: 2, selector: app=web}}",
            "{\"spec\":{\"replicas\":5}}",
            "{apiVersion: autoscaling/v1, kind: Scale, spec: {replicas: 5}, status: {replicas: 2, selector: app=web}}"),
        Arguments.of(
            "a list is replaced whole",
            "spec: {containers: [{name: a, image: x}, {name: b}]}",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"y\"}]}}",
            "spec: {containers: [{name: a, image: y}]}"),
        Arguments.of("null removes a member", "spec: {paused: true, replicas: 1}", "{\"spec\":{\"paused\":null}}", "spec: {replicas: 1}"),
        Arguments.of("a new object loses its nulls", "spec: {}", "{\"spec\":{\"x\":{\"a\":null,\"b\":1}}}", "spec: {x: {b: 1}}"),
        Arguments.of(
            "an array replacing a non-object loses null elements",
            "spec: {list: [1]}",
            "{\"spec\":{\"list\":[1,null,{\"a\":null,\"b\":2}]}}",
            "spec: {list: [1, {b: 2}]}"),
        Arguments.of(
            "an array replacing an object is taken as sent",
            "spec: {obj: {a: 1}}",
            "{\"spec\":{\"obj\":[null]}}",
            "spec: {obj: [null]}"),
        Arguments.of(
            "an object replacing a scalar loses its nulls", "spec: {a: 1}", "{\"spec\":{\"a\":{\"b\":null,\"c\":2}}}", "spec: {a: {c: 2}}"),
        Arguments.of("a scalar replacing an object", "spec: {a: {b: 1}}", "{\"spec\":{\"a\":5}}", "spec: {a: 5}"),
        Arguments.of("an empty patch", "spec: {a: 1}", "{}", "spec: {a: 1}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void appliesPatches(String name, String document, String patch, String expected) {
    JsonNode original = yaml(document);
    JsonNode before = original.deepCopy();

    JsonNode result = MergePatch.apply(original, bytes(patch));

    assertThat(result).isEqualTo(yaml(expected));
    assertThat(original).as("the stored object is not changed").isEqualTo(before);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("not JSON", "{\"spec\":", "error decoding patch: unexpected end of JSON input"),
        Arguments.of("trailing data", "{} x", "error decoding patch: invalid character 'x' after top-level value"),
        Arguments.of(
            "an array", "[{}]", "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}"),
        Arguments.of(
            "a string", "\"x\"", "error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}"),
        Arguments.of("null", "null", "Invalid JSON Patch"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void refusesPatches(String name, String patch, String message) {
    StatusException e =
        catchThrowableOfType(StatusException.class, () -> MergePatch.apply(yaml("spec: {a: 1}"), bytes(patch)));

    assertThat(e).as("refused").isNotNull();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo(message);
  }
}
