package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.bytes;
import static dev.ketch.apiserver.patch.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PatcherTest {

  static Stream<Arguments> contentTypes() {
    return Stream.of(
        Arguments.of("application/json-patch+json", Optional.of(PatchType.JSON_PATCH)),
        Arguments.of("application/merge-patch+json", Optional.of(PatchType.MERGE_PATCH)),
        Arguments.of("application/strategic-merge-patch+json", Optional.of(PatchType.STRATEGIC_MERGE_PATCH)),
        Arguments.of("application/merge-patch+json; charset=utf-8", Optional.of(PatchType.MERGE_PATCH)),
        Arguments.of("application/merge-patch+json ; charset=utf-8", Optional.empty()),
        Arguments.of("Application/Merge-Patch+JSON", Optional.empty()),
        Arguments.of("application/apply-patch+yaml", Optional.empty()),
        Arguments.of("application/json", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentTypes")
  void readsContentTypesAsUpstream(String contentType, Optional<PatchType> expected) {
    assertThat(PatchType.fromContentType(contentType)).isEqualTo(expected);
  }

  static Stream<Arguments> dispatch() {
    return Stream.of(
        Arguments.of(
            PatchType.JSON_PATCH,
            "[{\"op\":\"replace\",\"path\":\"/spec/containers\",\"value\":[{\"name\":\"b\"}]}]",
            "spec: {containers: [{name: b}]}"),
        Arguments.of(PatchType.MERGE_PATCH, "{\"spec\":{\"containers\":[{\"name\":\"b\"}]}}", "spec: {containers: [{name: b}]}"),
        Arguments.of(
            PatchType.STRATEGIC_MERGE_PATCH,
            "{\"spec\":{\"containers\":[{\"name\":\"b\"}]}}",
            "spec: {containers: [{name: b}, {name: a, image: x}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dispatch")
  void appliesEachPatchTypeWithItsEngine(PatchType type, String body, String expected) {
    assertThat(Patcher.builtIn().apply(type, Pod.class, yaml("spec: {containers: [{name: a, image: x}]}"), bytes(body)))
        .isEqualTo(yaml(expected));
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({"1.5, 1.5", "1000000, 1e+06", "123456, 123456", "0.0001, 0.0001", "0.00001, 1e-05", "-2.5e21, -2.5e+21", "0, 0"})
  void printsFloatsAsGo(double value, String printed) {
    assertThat(GoValues.formatFloat(value)).isEqualTo(printed);
  }
}
