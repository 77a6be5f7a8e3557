package dev.ketch.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.GroupVersion;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LegacyDiscoveryTest {

  private static final LegacyDiscovery DISCOVERY =
      new LegacyDiscovery(ResourceCatalog.builtIn(), List.of(ServerAddress.everyone("10.0.0.1:6443")));

  @Test
  void apiListsTheCoreVersionAndTheServerAddress() {
    assertThat(DISCOVERY.apiVersions())
        .isEqualTo(
            Json.tree(
                """
                {"kind":"APIVersions","versions":["v1"],
                 "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"10.0.0.1:6443"}]}"""
                    .getBytes()));
  }

  @Test
  void apisListsEveryNamedGroupWithItsPreferredVersion() {
    JsonNode list = DISCOVERY.apiGroupList();

    assertThat(list.get("kind").asText()).isEqualTo("APIGroupList");
    assertThat(list.get("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.get("groups").findValuesAsText("name")).doesNotContain("").contains("apps", "batch", "policy", "rbac.authorization.k8s.io");
    JsonNode apps = group(list, "apps");
    assertThat(apps)
        .isEqualTo(
            Json.tree(
                """
                {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],
                 "preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}"""
                    .getBytes()));
  }

  @Test
  void aGroupDocumentIsAnApiGroup() {
    JsonNode group = DISCOVERY.apiGroup("batch").orElseThrow();

    assertThat(group.get("kind").asText()).isEqualTo("APIGroup");
    assertThat(group.get("preferredVersion").get("groupVersion").asText()).isEqualTo("batch/v1");
    assertThat(DISCOVERY.apiGroup("nope")).isEmpty();
  }

  static Stream<Arguments> entries() {
    return Stream.of(
        Arguments.of("pods", "v1",
            """
            {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod",
             "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
             "shortNames":["po"],"categories":["all"],"storageVersionHash":"xPOwRZ+Yhw8="}"""),
        Arguments.of("pods/eviction (kubectl drain evicts only when it is policy/v1 Eviction)", "v1",
            """
            {"name":"pods/eviction","singularName":"","namespaced":true,"group":"policy","version":"v1",
             "kind":"Eviction","verbs":["create"]}"""),
        Arguments.of("pods/status", "v1",
            """
            {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]}"""),
        Arguments.of("pods/log", "v1",
            """
            {"name":"pods/log","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]}"""),
        Arguments.of("secrets (no short names, no categories)", "v1",
            """
            {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret",
             "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
             "storageVersionHash":"S6u1pOWzb84="}"""),
        Arguments.of("nodes (cluster-scoped)", "v1",
            """
            {"name":"nodes","singularName":"node","namespaced":false,"kind":"Node",
             "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
             "shortNames":["no"],"storageVersionHash":"XwShjMxG9Fs="}"""),
        Arguments.of("deployments/scale (kubectl scale needs autoscaling/v1 Scale)", "apps/v1",
            """
            {"name":"deployments/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1",
             "kind":"Scale","verbs":["get","patch","update"]}"""),
        Arguments.of("deployments", "apps/v1",
            """
            {"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment",
             "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
             "shortNames":["deploy"],"categories":["all"],"storageVersionHash":"8aSe+NMegvE="}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void resourceListEntries(String name, String groupVersion, String expected) {
    JsonNode list = DISCOVERY.apiResourceList(GroupVersion.parse(groupVersion)).orElseThrow();
    String resource = name.split(" ")[0];

    JsonNode entry = null;
    for (JsonNode r : list.get("resources")) {
      if (r.get("name").asText().equals(resource)) {
        entry = r;
      }
    }
    assertThat(entry).isEqualTo(Json.tree(expected.getBytes()));
  }

  @Test
  void coreResourceListHasNoApiVersionLikeUpstreamButGroupListsDo() {
    JsonNode core = DISCOVERY.apiResourceList(GroupVersion.CORE_V1).orElseThrow();
    JsonNode apps = DISCOVERY.apiResourceList(new GroupVersion("apps", "v1")).orElseThrow();

    assertThat(core.get("kind").asText()).isEqualTo("APIResourceList");
    assertThat(core.has("apiVersion")).isFalse();
    assertThat(core.get("groupVersion").asText()).isEqualTo("v1");
    assertThat(apps.get("apiVersion").asText()).isEqualTo("v1");
    assertThat(apps.get("groupVersion").asText()).isEqualTo("apps/v1");
    assertThat(DISCOVERY.apiResourceList(new GroupVersion("apps", "v2"))).isEmpty();
  }

  private static JsonNode group(JsonNode list, String name) {
    for (JsonNode g : list.get("groups")) {
      if (g.get("name").asText().equals(name)) {
        return g;
      }
    }
    throw new AssertionError("no group " + name);
  }
}
