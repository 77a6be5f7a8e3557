package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.openapi.Definition.Form;
import dev.ketch.apiserver.openapi.SchemaWriter.Dialect;
import dev.ketch.apiserver.openapi.Shape.ArrayOf;
import dev.ketch.apiserver.openapi.Shape.MapOf;
import dev.ketch.apiserver.openapi.Shape.Primitive;
import dev.ketch.apiserver.openapi.Shape.Ref;
import dev.ketch.apiserver.openapi.Shape.Unknown;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaWriterTest {

  private static final String POD = "io.k8s.api.core.v1.Pod";

  static Stream<Arguments> properties() {
    Map<String, JsonNode> merge = Map.of("x-kubernetes-patch-strategy", TextNode.valueOf("merge"));
    return Stream.of(
        Arguments.of("plain reference", new Ref(POD), null, Map.of(), Dialect.V2, "{\"$ref\":\"#/definitions/" + POD + "\"}"),
        Arguments.of("plain reference", new Ref(POD), null, Map.of(), Dialect.V3, "{\"$ref\":\"#/components/schemas/" + POD + "\"}"),
        Arguments.of("described reference", new Ref(POD), "the pod", Map.of(), Dialect.V2,
            "{\"$ref\":\"#/definitions/" + POD + "\",\"description\":\"the pod\"}"),
        Arguments.of("described reference", new Ref(POD), "the pod", Map.of(), Dialect.V3,
            "{\"allOf\":[{\"$ref\":\"#/components/schemas/" + POD + "\"}],\"description\":\"the pod\"}"),
        Arguments.of("integer", new Primitive("integer", "int32"), null, Map.of(), Dialect.V3, "{\"format\":\"int32\",\"type\":\"integer\"}"),
        Arguments.of("array with patch strategy", new ArrayOf(new Ref(POD)), null, merge, Dialect.V2,
            "{\"items\":{\"$ref\":\"#/definitions/" + POD + "\"},\"type\":\"array\",\"x-kubernetes-patch-strategy\":\"merge\"}"),
        Arguments.of("map", new MapOf(Primitive.string()), null, Map.of(), Dialect.V3,
            "{\"additionalProperties\":{\"type\":\"string\"},\"type\":\"object\"}"),
        Arguments.of("anything", new Unknown(), null, Map.of(), Dialect.V2, "{\"x-kubernetes-preserve-unknown-fields\":true}"));
  }

  @ParameterizedTest(name = "{0} in {4}")
  @MethodSource("properties")
  void writesProperties(String name, Shape shape, String description, Map<String, JsonNode> ext, Dialect dialect, String expected) {
    assertThat(SchemaWriter.property(shape, description, ext, dialect)).isEqualTo(Json.tree(expected.getBytes()));
  }

  static Stream<Arguments> definitions() {
    Definition intOrString = Definition.special("io.k8s.apimachinery.pkg.util.intstr.IntOrString", Form.INT_OR_STRING, null);
    Definition quantity = Definition.special("io.k8s.apimachinery.pkg.api.resource.Quantity", Form.QUANTITY, null);
    Definition time = Definition.special("io.k8s.apimachinery.pkg.apis.meta.v1.Time", Form.DATE_TIME, null);
    Definition raw = Definition.special("io.k8s.apimachinery.pkg.runtime.RawExtension", Form.FREE_OBJECT, null);
    Definition pod =
        new Definition(POD, Form.OBJECT, null, List.of(new Property("kind", Primitive.string())), List.of(),
            List.of(new GroupVersionKind("", "v1", "Pod")));
    return Stream.of(
        Arguments.of(intOrString, Dialect.V2, "{\"format\":\"int-or-string\",\"type\":\"string\"}"),
        Arguments.of(intOrString, Dialect.V3,
            "{\"format\":\"int-or-string\",\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}],\"x-kubernetes-int-or-string\":true}"),
        Arguments.of(quantity, Dialect.V2, "{\"type\":\"string\"}"),
        Arguments.of(quantity, Dialect.V3, "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}"),
        Arguments.of(time, Dialect.V3, "{\"format\":\"date-time\",\"type\":\"string\"}"),
        Arguments.of(raw, Dialect.V2, "{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}"),
        Arguments.of(pod, Dialect.V3,
            "{\"properties\":{\"kind\":{\"type\":\"string\"}},\"type\":\"object\","
                + "\"x-kubernetes-group-version-kind\":[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]}"));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("definitions")
  void writesDefinitions(Definition definition, Dialect dialect, String expected) {
    assertThat(SchemaWriter.definition(definition, dialect)).isEqualTo(Json.tree(expected.getBytes()));
  }
}
