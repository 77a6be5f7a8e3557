package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenApiDocumentsTest {

  private static final ResourceCatalog CATALOG = ResourceCatalog.builtIn();
  private static final OpenApiDocuments DOCS = OpenApiDocuments.build(CATALOG, OpenApiOptions.upstream("v1.32.0", new TablePatchHints()));
  private static final JsonNode SWAGGER = Json.tree(DOCS.swaggerJson().bytes());
  private static final List<String> PATCH_TYPES =
      List.of(
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
          "application/apply-patch+yaml");

  static Stream<String> groupVersions() {
    return DOCS.v3Keys().stream();
  }

  /** The group versions with resources that can be patched (not only reviews, which are only created). */
  static Stream<String> patchableGroupVersions() {
    return CATALOG.groupVersions().stream()
        .filter(gv -> CATALOG.inGroupVersion(gv).stream().anyMatch(t -> t.verbs().contains("patch")))
        .map(gv -> gv.path().substring(1));
  }

  private static JsonNode v3(String key) {
    return Json.tree(DOCS.v3(key).orElseThrow().bytes());
  }

  @Test
  void rootListsEveryGroupVersionWithItsHash() {
    JsonNode paths = Json.tree(DOCS.v3Root().bytes()).get("paths");

    assertThat(DOCS.v3Keys()).containsExactlyElementsOf(CATALOG.groupVersions().stream().map(gv -> gv.path().substring(1)).toList());
    for (String key : DOCS.v3Keys()) {
      assertThat(paths.get(key).get("serverRelativeURL").asText())
          .isEqualTo("/openapi/v3/" + key + "?hash=" + DOCS.v3(key).orElseThrow().hash());
    }
    assertThat(DOCS.v3("api/v1").orElseThrow().hash()).matches("[0-9A-F]{128}");
  }

  /** What kubectl's QueryParamVerifierV3 and client-side apply look for on every PATCH. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("patchableGroupVersions")
  void everyPatchOperationNamesItsKindTakesFieldValidationAndTheFourPatchTypes(String key) {
    List<JsonNode> patches = operations(v3(key).get("paths"), "patch");

    assertThat(patches).isNotEmpty();
    for (JsonNode op : patches) {
      JsonNode gvk = op.get("x-kubernetes-group-version-kind");
      assertThat(gvk).as(op.get("operationId").asText()).isNotNull();
      assertThat(fieldNames(gvk)).containsExactlyInAnyOrder("group", "version", "kind");
      assertThat(op.get("parameters").findValuesAsText("name")).contains("fieldValidation", "dryRun", "fieldManager", "force");
      assertThat(fieldNames(op.get("requestBody").get("content"))).containsExactlyElementsOf(PATCH_TYPES);
      assertThat(op.get("x-kubernetes-action").asText()).isEqualTo("patch");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groupVersions")
  void everyReferenceResolvesWithinItsDocument(String key) {
    JsonNode doc = v3(key);
    JsonNode schemas = doc.get("components").get("schemas");

    for (String ref : doc.findValuesAsText("$ref")) {
      assertThat(ref).startsWith("#/components/schemas/");
      assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groupVersions")
  void operationIdsAreUnique(String key) {
    List<String> ids = v3(key).findValuesAsText("operationId");

    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
  }

  static Stream<Arguments> operations() {
    return Stream.of(
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods", "get", "listCoreV1NamespacedPod", "list", "/v1/Pod"),
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods", "post", "createCoreV1NamespacedPod", "post", "/v1/Pod"),
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}", "delete", "deleteCoreV1NamespacedPod", "delete", "/v1/Pod"),
        Arguments.of("api/v1", "/api/v1/pods", "get", "listCoreV1PodForAllNamespaces", "list", "/v1/Pod"),
        Arguments.of("api/v1", "/api/v1/nodes/{name}/status", "patch", "patchCoreV1NodeStatus", "patch", "/v1/Node"),
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/eviction", "post", "createCoreV1NamespacedPodEviction", "post", "policy/v1/Eviction"),
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/binding", "post", "createCoreV1NamespacedPodBinding", "post", "/v1/Binding"),
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/exec", "post", "connectCoreV1PostNamespacedPodExec", "connect", "/v1/PodExecOptions"),
        Arguments.of("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/log", "get", "readCoreV1NamespacedPodLog", "get", "/v1/Pod"),
        Arguments.of("api/v1", "/api/v1/namespaces/{name}/finalize", "put", "replaceCoreV1NamespaceFinalize", "put", "/v1/Namespace"),
        Arguments.of("api/v1", "/api/v1/watch/namespaces/{namespace}/pods", "get", "watchCoreV1NamespacedPodList", "watchlist", "/v1/Pod"),
        Arguments.of("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "patch", "patchAppsV1NamespacedDeploymentScale", "patch", "autoscaling/v1/Scale"),
        Arguments.of("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "put", "replaceAppsV1NamespacedDeployment", "put", "apps/v1/Deployment"),
        Arguments.of("apis/rbac.authorization.k8s.io/v1", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "delete", "deleteCollectionRbacAuthorizationV1ClusterRole", "deletecollection", "rbac.authorization.k8s.io/v1/ClusterRole"));
  }

  @ParameterizedTest(name = "{2} {1}")
  @MethodSource("operations")
  void operationsFollowTheUpstreamLayout(String key, String path, String method, String id, String action, String gvk) {
    JsonNode op = v3(key).get("paths").get(path).get(method);

    assertThat(op).as(path).isNotNull();
    assertThat(op.get("operationId").asText()).isEqualTo(id);
    assertThat(op.get("x-kubernetes-action").asText()).isEqualTo(action);
    JsonNode kind = op.get("x-kubernetes-group-version-kind");
    assertThat(kind.get("group").asText() + "/" + kind.get("version").asText() + "/" + kind.get("kind").asText()).isEqualTo(gvk);
  }

  @Test
  void fieldValidationIsAdvertisedOnlyWhenTheServerHonoursIt() {
    OpenApiDocuments quiet = OpenApiDocuments.build(CATALOG, OpenApiOptions.upstream("v1.32.0", PatchHints.none()).withFieldValidation(false));

    for (String key : quiet.v3Keys()) {
      JsonNode doc = Json.tree(quiet.v3(key).orElseThrow().bytes());
      assertThat(doc.findValuesAsText("name")).as(key).doesNotContain("fieldValidation").contains("dryRun");
    }
    assertThat(Json.tree(quiet.swaggerJson().bytes()).findValuesAsText("name")).doesNotContain("fieldValidation");
    assertThat(SWAGGER.findValuesAsText("name")).contains("fieldValidation");
  }

  @Test
  void patchMetadataIsPublishedInBothVersions() {
    JsonNode v3 = v3("api/v1").get("components").get("schemas").get("io.k8s.api.core.v1.PodSpec").get("properties").get("containers");
    JsonNode v2 = SWAGGER.get("definitions").get("io.k8s.api.core.v1.PodSpec").get("properties").get("containers");

    for (JsonNode containers : List.of(v3, v2)) {
      assertThat(containers.get("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
      assertThat(containers.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
      assertThat(containers.get("x-kubernetes-list-type").asText()).isEqualTo("map");
    }
  }

  @Test
  void swaggerCoversEveryGroupVersionAndResolvesEveryReference() {
    JsonNode definitions = SWAGGER.get("definitions");

    assertThat(SWAGGER.get("swagger").asText()).isEqualTo("2.0");
    assertThat(fieldNames(SWAGGER.get("paths"))).contains("/api/v1/", "/apis/apps/v1/", "/apis/storage.k8s.io/v1/");
    for (String ref : SWAGGER.findValuesAsText("$ref")) {
      assertThat(definitions.has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
    }
    JsonNode patch = SWAGGER.get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
    List<String> consumes = new ArrayList<>();
    patch.get("consumes").forEach(c -> consumes.add(c.asText()));
    assertThat(consumes).containsExactlyElementsOf(PATCH_TYPES);
    assertThat(definitions.get("io.k8s.api.apps.v1.Deployment").get("x-kubernetes-group-version-kind").get(0).get("kind").asText())
        .isEqualTo("Deployment");
  }

  @Test
  void buildingIsDeterministic() {
    OpenApiDocuments again = OpenApiDocuments.build(CATALOG, OpenApiOptions.upstream("v1.32.0", new TablePatchHints()));

    assertThat(again.swaggerJson().hash()).isEqualTo(DOCS.swaggerJson().hash());
    assertThat(again.swaggerProtobuf()).isEqualTo(DOCS.swaggerProtobuf());
    assertThat(again.v3Root().bytes()).isEqualTo(DOCS.v3Root().bytes());
  }

  private static List<JsonNode> operations(JsonNode paths, String method) {
    List<JsonNode> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      if (path.getValue().has(method)) {
        out.add(path.getValue().get(method));
      }
    }
    return out;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new java.util.LinkedHashSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
