package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnknownFieldsTest {

  private static final UnknownFields CHECK = new UnknownFields(ModelSchemas.of(ResourceCatalog.builtIn(), PatchHints.none()));
  private static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps", "v1", "Deployment");

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of("valid", DEPLOYMENT,
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"w\",\"labels\":{\"any\":\"key\"}},"
                + "\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\"}},\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\"}}}]}}}}",
            List.of()),
        Arguments.of("top level", DEPLOYMENT, "{\"kind\":\"Deployment\",\"extra\":1}", List.of("extra")),
        Arguments.of("in spec", DEPLOYMENT, "{\"spec\":{\"replicas\":1,\"foo\":\"bar\"}}", List.of("spec.foo")),
        Arguments.of("in a list element", DEPLOYMENT,
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\",\"imag\":\"x\"}]}}}}",
            List.of("spec.template.spec.containers[1].imag")),
        Arguments.of("several, in order", DEPLOYMENT, "{\"a\":1,\"spec\":{\"b\":2}}", List.of("a", "spec.b")),
        Arguments.of("embedded raw data is open", new GroupVersionKind("apps", "v1", "ControllerRevision"),
            "{\"data\":{\"whatever\":{\"deep\":true}}}", List.of()),
        Arguments.of("managed fields are open", new GroupVersionKind("", "v1", "ConfigMap"),
            "{\"metadata\":{\"managedFields\":[{\"fieldsV1\":{\"f:data\":{}}}]}}", List.of()),
        Arguments.of("an unknown kind has no schema to hold against", new GroupVersionKind("example.com", "v1", "Widget"),
            "{\"anything\":1}", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void findsUndeclaredFields(String name, GroupVersionKind kind, String json, List<String> expected) {
    assertThat(CHECK.find(kind, Json.tree(json.getBytes()))).isEqualTo(expected);
  }
}
