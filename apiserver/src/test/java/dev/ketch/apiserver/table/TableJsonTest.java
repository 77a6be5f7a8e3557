package dev.ketch.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Table as it goes on the wire: field order, nulls, types, and what rows carry. */
class TableJsonTest {

  private static final TableConvertor CONFIG_MAPS = Fixtures.convertor("v1", "configmaps");

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap() {
    return new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("shop").withUid("u-1")
        .withResourceVersion("41").withCreationTimestamp("2024-05-01T11:55:00Z").addToLabels("app", "shop").endMetadata()
        .addToData("a", "1").addToData("b", "2").build();
  }

  @Test
  void listTableHasUpstreamShape() {
    ObjectNode json = CONFIG_MAPS.convertList(List.of(configMap()),
        new ListMetaBuilder().withResourceVersion("123").withContinue("abc").withRemainingItemCount(5L).build(),
        TableOptions.DEFAULT).toJson();

    assertThat(fieldNames(json)).containsExactly("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
    assertThat(json.get("kind").asText()).isEqualTo("Table");
    assertThat(json.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(json.get("metadata").toString()).isEqualTo("{\"resourceVersion\":\"123\",\"continue\":\"abc\",\"remainingItemCount\":5}");
    JsonNode name = json.get("columnDefinitions").get(0);
    assertThat(fieldNames(name)).containsExactly("name", "type", "format", "description", "priority");
    assertThat(name.get("format").asText()).isEqualTo("name");
    assertThat(json.get("columnDefinitions").get(1).toString()).isEqualTo("{\"name\":\"Data\",\"type\":\"string\",\"format\":\"\","
        + "\"description\":\"" + Columns.doc("core.v1.ConfigMap.data") + "\",\"priority\":0}");
    JsonNode row = json.get("rows").get(0);
    assertThat(fieldNames(row)).containsExactly("cells", "object");
    assertThat(row.get("cells").toString()).isEqualTo("[\"settings\",2,\"5m\"]");
    assertThat(row.get("object").toString()).isEqualTo("{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\","
        + "\"metadata\":" + Json.toTree(configMap().getMetadata()) + "}");
  }

  @Test
  void emptyListMetadataIsAnEmptyObject() {
    ObjectNode json = CONFIG_MAPS.convertList(List.of(), null, TableOptions.DEFAULT).toJson();
    assertThat(json.get("metadata").toString()).isEqualTo("{}");
    assertThat(json.get("rows").toString()).isEqualTo("[]");
  }

  @Test
  void upstreamsDefaultConvertorLeavesRowsNullForAnEmptyList() {
    TableConvertor roles = Fixtures.convertor("rbac.authorization.k8s.io/v1", "roles");
    assertThat(roles.convertList(List.of(), null, TableOptions.DEFAULT).toJson().get("rows").isNull()).isTrue();
    var role = new RoleBuilder().withNewMetadata().withName("r").withNamespace("d").endMetadata().build();
    assertThat(roles.convertList(List.of(role), null, TableOptions.DEFAULT).toJson().get("rows")).hasSize(1);
  }

  @Test
  void singleObjectTableCarriesTheObjectsResourceVersion() {
    ObjectNode json = CONFIG_MAPS.convert(configMap(), TableOptions.DEFAULT).toJson();
    assertThat(json.get("metadata").toString()).isEqualTo("{\"resourceVersion\":\"41\"}");
  }

  @Test
  void watchEventsAfterTheFirstLeaveColumnsOut() {
    ObjectNode json = CONFIG_MAPS.convert(configMap(), TableOptions.DEFAULT.withoutHeaders()).toJson();
    assertThat(json.get("columnDefinitions").isNull()).isTrue();
    assertThat(json.get("rows")).hasSize(1);
  }

  static Stream<Arguments> includeObject() {
    return Stream.of(
        arguments(IncludeObject.NONE, "null"),
        arguments(IncludeObject.METADATA, "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\","
            + "\"metadata\":{\"name\":\"settings\",\"namespace\":\"shop\",\"resourceVersion\":\"41\"}}"),
        arguments(IncludeObject.OBJECT, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"settings\","
            + "\"namespace\":\"shop\",\"resourceVersion\":\"41\"},\"data\":{\"a\":\"1\"}}"));
  }

  @ParameterizedTest(name = "includeObject={0}")
  @MethodSource("includeObject")
  void rowsCarryWhatIncludeObjectAsksForFromTheStoredForm(IncludeObject include, String object) {
    JsonNode stored = Fixtures.yaml("""
        metadata: {name: settings, namespace: shop, resourceVersion: "41"}
        data: {a: "1"}
        """);
    ObjectNode json = CONFIG_MAPS.convertStored(stored, new TableOptions(include, false, TableOptions.V1)).toJson();
    assertThat(json.get("rows").get(0).get("object").toString()).isEqualTo(object);
    assertThat(json.get("metadata").toString()).isEqualTo("{\"resourceVersion\":\"41\"}");
  }

  @Test
  void wholeTypedObjectsKeepTheirKindFirst() {
    JsonNode object = CONFIG_MAPS.convert(configMap(), new TableOptions(IncludeObject.OBJECT, false, TableOptions.V1))
        .rows().getFirst().object();
    assertThat(fieldNames(object).subList(0, 2)).containsExactly("kind", "apiVersion");
    assertThat(object.get("data").get("b").asText()).isEqualTo("2");
  }

  @Test
  void v1beta1TablesCarryV1beta1PartialMetadata() {
    ObjectNode json = CONFIG_MAPS.convert(configMap(), new TableOptions(IncludeObject.METADATA, false, TableOptions.V1BETA1))
        .toJson();
    assertThat(json.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    assertThat(json.get("rows").get(0).get("object").get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
  }

  @Test
  void podRowConditionsAreWritten() {
    var pod = new PodBuilder().withNewMetadata().withName("done").withNamespace("ops").endMetadata()
        .withNewStatus().withPhase("Succeeded").endStatus().build();
    JsonNode row = Fixtures.convertor("v1", "pods").convert(pod, TableOptions.DEFAULT).toJson().get("rows").get(0);
    assertThat(fieldNames(row)).containsExactly("cells", "conditions", "object");
    assertThat(row.get("conditions").toString()).isEqualTo(
        "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\",\"message\":\"The pod has completed successfully.\"}]");
  }

  @Test
  void otherModelClassesOfTheKindAreConvertedThroughJson() {
    var generic = Json.convert(Json.toTree(configMap()), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    assertThat(CONFIG_MAPS.convert(generic, TableOptions.DEFAULT).rows().getFirst().cells())
        .containsExactly("settings", 2L, "5m");
  }

  @Test
  void includeObjectParsesTheQueryParameter() {
    assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.parse("")).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
    assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
    assertThatThrownBy(() -> IncludeObject.parse("object"))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage("unrecognized includeObject value: \"object\"");
  }
}
