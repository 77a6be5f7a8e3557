package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reads the protobuf back with protobuf-java's schema-less parser and checks it field by field
 * against the numbers of gnostic's openapiv2/OpenAPIv2.proto, written out here independently of
 * the encoder.
 */
class SwaggerProtobufTest {

  private static final UnknownFieldSet DOC =
      parse(OpenApiDocuments.build(ResourceCatalog.builtIn(), OpenApiOptions.upstream("v1.32.0", new TablePatchHints())).swaggerProtobuf());

  // Document
  private static final int DOCUMENT_SWAGGER = 1, DOCUMENT_INFO = 2, DOCUMENT_PATHS = 8, DOCUMENT_DEFINITIONS = 9;
  private static final int INFO_TITLE = 1, INFO_VERSION = 2;
  // Named* entries, Paths, Definitions, Properties
  private static final int NAMED_NAME = 1, NAMED_VALUE = 2, PATHS_PATH = 2, ADDITIONAL_PROPERTIES = 1;
  // PathItem and Operation
  private static final int PATH_ITEM_GET = 2, PATH_ITEM_PATCH = 8, PATH_ITEM_PARAMETERS = 9;
  private static final int OPERATION_CONSUMES = 7, OPERATION_PARAMETERS = 8, OPERATION_RESPONSES = 9, OPERATION_VENDOR_EXTENSION = 13;
  // ParametersItem -> Parameter -> Body/NonBody
  private static final int PARAMETERS_ITEM_PARAMETER = 1, PARAMETER_BODY = 1, PARAMETER_NON_BODY = 2;
  private static final int NON_BODY_QUERY = 3, NON_BODY_PATH = 4;
  private static final int BODY_NAME = 2, BODY_IN = 3, BODY_REQUIRED = 4, BODY_SCHEMA = 5;
  private static final int QUERY_IN = 2, QUERY_NAME = 4, QUERY_TYPE = 6, QUERY_UNIQUE_ITEMS = 20;
  private static final int PATH_REQUIRED = 1, PATH_NAME = 4, PATH_TYPE = 5, PATH_UNIQUE_ITEMS = 19;
  // Responses -> NamedResponseValue -> ResponseValue -> Response -> SchemaItem
  private static final int RESPONSES_CODE = 1, RESPONSE_VALUE_RESPONSE = 1, RESPONSE_SCHEMA = 2, SCHEMA_ITEM_SCHEMA = 1;
  // Schema
  private static final int SCHEMA_REF = 1, SCHEMA_FORMAT = 2, SCHEMA_TYPE = 22, SCHEMA_ITEMS = 23, SCHEMA_PROPERTIES = 25;
  private static final int SCHEMA_ADDITIONAL_PROPERTIES = 21, SCHEMA_VENDOR_EXTENSION = 31;
  private static final int TYPE_ITEM_VALUE = 1, ITEMS_ITEM_SCHEMA = 1, ADDITIONAL_PROPERTIES_SCHEMA = 1;
  private static final int ANY_YAML = 2;

  @Test
  void documentHeader() {
    assertThat(string(DOC, DOCUMENT_SWAGGER)).isEqualTo("2.0");
    UnknownFieldSet info = message(DOC, DOCUMENT_INFO);
    assertThat(string(info, INFO_TITLE)).isEqualTo("Kubernetes");
    assertThat(string(info, INFO_VERSION)).isEqualTo("v1.32.0");
  }

  @Test
  void definitionsCarryTypesReferencesAndTheirKindAsYaml() throws IOException {
    UnknownFieldSet pod = definition("io.k8s.api.core.v1.Pod");

    assertThat(strings(message(pod, SCHEMA_TYPE), TYPE_ITEM_VALUE)).containsExactly("object");
    UnknownFieldSet spec = named(message(pod, SCHEMA_PROPERTIES), ADDITIONAL_PROPERTIES, "spec").orElseThrow();
    assertThat(string(spec, SCHEMA_REF)).isEqualTo("#/definitions/io.k8s.api.core.v1.PodSpec");
    UnknownFieldSet gvk = vendorExtension(pod, SCHEMA_VENDOR_EXTENSION, "x-kubernetes-group-version-kind");
    JsonNode kinds = Json.yaml().readTree(string(gvk, ANY_YAML));
    assertThat(kinds).isEqualTo(Json.tree("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]".getBytes()));
  }

  @Test
  void arraysMapsAndPatchMetadata() throws IOException {
    UnknownFieldSet podSpec = definition("io.k8s.api.core.v1.PodSpec");
    UnknownFieldSet containers = named(message(podSpec, SCHEMA_PROPERTIES), ADDITIONAL_PROPERTIES, "containers").orElseThrow();
    UnknownFieldSet nodeSelector = named(message(podSpec, SCHEMA_PROPERTIES), ADDITIONAL_PROPERTIES, "nodeSelector").orElseThrow();

    assertThat(strings(message(containers, SCHEMA_TYPE), TYPE_ITEM_VALUE)).containsExactly("array");
    assertThat(string(message(message(containers, SCHEMA_ITEMS), ITEMS_ITEM_SCHEMA), SCHEMA_REF))
        .isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
    assertThat(Json.yaml().readTree(string(vendorExtension(containers, SCHEMA_VENDOR_EXTENSION, "x-kubernetes-patch-merge-key"), ANY_YAML)).asText())
        .isEqualTo("name");
    assertThat(strings(message(nodeSelector, SCHEMA_TYPE), TYPE_ITEM_VALUE)).containsExactly("object");
    UnknownFieldSet values = message(message(nodeSelector, SCHEMA_ADDITIONAL_PROPERTIES), ADDITIONAL_PROPERTIES_SCHEMA);
    assertThat(strings(message(values, SCHEMA_TYPE), TYPE_ITEM_VALUE)).containsExactly("string");
  }

  @Test
  void intOrStringIsAFormattedStringWithoutProperties() {
    UnknownFieldSet intOrString = definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString");

    assertThat(strings(message(intOrString, SCHEMA_TYPE), TYPE_ITEM_VALUE)).containsExactly("string");
    assertThat(string(intOrString, SCHEMA_FORMAT)).isEqualTo("int-or-string");
    // Presence of properties would make kubectl treat it as an object.
    assertThat(intOrString.hasField(SCHEMA_PROPERTIES)).isFalse();
  }

  @Test
  void patchOperationsCarryConsumesKindAndInlineQueryParameters() throws IOException {
    UnknownFieldSet item = path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
    UnknownFieldSet patch = message(item, PATH_ITEM_PATCH);

    assertThat(strings(patch, OPERATION_CONSUMES)).contains("application/strategic-merge-patch+json");
    JsonNode gvk = Json.yaml().readTree(string(vendorExtension(patch, OPERATION_VENDOR_EXTENSION, "x-kubernetes-group-version-kind"), ANY_YAML));
    assertThat(gvk).isEqualTo(Json.tree("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}".getBytes()));

    List<UnknownFieldSet> params = messages(patch, OPERATION_PARAMETERS).stream().map(p -> message(p, PARAMETERS_ITEM_PARAMETER)).toList();
    UnknownFieldSet body = message(params.getFirst(), PARAMETER_BODY);
    assertThat(string(body, BODY_NAME)).isEqualTo("body");
    assertThat(string(body, BODY_IN)).isEqualTo("body");
    assertThat(body.getField(BODY_REQUIRED).getVarintList()).containsExactly(1L);
    assertThat(string(message(body, BODY_SCHEMA), SCHEMA_REF)).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
    UnknownFieldSet fieldValidation = params.stream()
        .filter(p -> p.hasField(PARAMETER_NON_BODY))
        .map(p -> message(message(p, PARAMETER_NON_BODY), NON_BODY_QUERY))
        .filter(q -> string(q, QUERY_NAME).equals("fieldValidation"))
        .findFirst()
        .orElseThrow();
    assertThat(string(fieldValidation, QUERY_IN)).isEqualTo("query");
    assertThat(string(fieldValidation, QUERY_TYPE)).isEqualTo("string");
    assertThat(fieldValidation.getField(QUERY_UNIQUE_ITEMS).getVarintList()).containsExactly(1L);

    UnknownFieldSet name = message(message(message(messages(item, PATH_ITEM_PARAMETERS).getFirst(), PARAMETERS_ITEM_PARAMETER), PARAMETER_NON_BODY), NON_BODY_PATH);
    assertThat(string(name, PATH_NAME)).isEqualTo("name");
    assertThat(string(name, PATH_TYPE)).isEqualTo("string");
    assertThat(name.getField(PATH_REQUIRED).getVarintList()).containsExactly(1L);
    assertThat(name.getField(PATH_UNIQUE_ITEMS).getVarintList()).containsExactly(1L);
  }

  @Test
  void responsesReferToTheirSchema() {
    UnknownFieldSet get = message(path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}"), PATH_ITEM_GET);
    UnknownFieldSet ok = named(message(get, OPERATION_RESPONSES), RESPONSES_CODE, "200").orElseThrow();
    UnknownFieldSet schema = message(message(message(ok, RESPONSE_VALUE_RESPONSE), RESPONSE_SCHEMA), SCHEMA_ITEM_SCHEMA);

    assertThat(string(schema, SCHEMA_REF)).isEqualTo("#/definitions/io.k8s.api.apps.v1.Deployment");
  }

  @Test
  void refusesWhatItCannotEncode() {
    JsonNode doc = Json.tree("{\"swagger\":\"2.0\",\"definitions\":{\"x\":{\"type\":\"string\",\"enum\":[\"a\"]}}}".getBytes());

    assertThatThrownBy(() -> SwaggerProtobuf.encode(doc)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enum");
  }

  private static UnknownFieldSet definition(String name) {
    return named(message(DOC, DOCUMENT_DEFINITIONS), ADDITIONAL_PROPERTIES, name).orElseThrow();
  }

  private static UnknownFieldSet path(String name) {
    return named(message(DOC, DOCUMENT_PATHS), PATHS_PATH, name).orElseThrow();
  }

  /** The value of the Named… entry (name 1, value 2) called {@code name} among those at {@code field}. */
  private static Optional<UnknownFieldSet> named(UnknownFieldSet set, int field, String name) {
    for (UnknownFieldSet entry : messages(set, field)) {
      if (string(entry, NAMED_NAME).equals(name)) {
        return Optional.of(message(entry, NAMED_VALUE));
      }
    }
    return Optional.empty();
  }

  /** The Any of the vendor extension called {@code name}. */
  private static UnknownFieldSet vendorExtension(UnknownFieldSet set, int field, String name) {
    return named(set, field, name).orElseThrow(() -> new AssertionError("no extension " + name));
  }

  private static List<UnknownFieldSet> messages(UnknownFieldSet set, int field) {
    return set.getField(field).getLengthDelimitedList().stream().map(SwaggerProtobufTest::parse).toList();
  }

  private static UnknownFieldSet message(UnknownFieldSet set, int field) {
    List<ByteString> values = set.getField(field).getLengthDelimitedList();
    assertThat(values).as("field " + field).hasSize(1);
    return parse(values.getFirst());
  }

  private static String string(UnknownFieldSet set, int field) {
    List<ByteString> values = set.getField(field).getLengthDelimitedList();
    return values.isEmpty() ? "" : values.getFirst().toStringUtf8();
  }

  private static List<String> strings(UnknownFieldSet set, int field) {
    return set.getField(field).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
  }

  private static UnknownFieldSet parse(byte[] bytes) {
    return parse(ByteString.copyFrom(bytes));
  }

  private static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(e);
    }
  }
}
