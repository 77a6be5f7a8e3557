package dev.ketch.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import org.junit.jupiter.api.Test;

class AggregatedDiscoveryTest {

  private final AggregatedDiscovery discovery = new AggregatedDiscovery(ResourceCatalog.builtIn());

  @Test
  void coreDocumentHoldsTheCoreGroupAlone() {
    JsonNode doc = discovery.core(DiscoveryFormat.AGGREGATED_V2);

    assertThat(doc.get("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    assertThat(doc.get("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
    assertThat(doc.get("items")).hasSize(1);
    JsonNode core = doc.get("items").get(0);
    assertThat(core.get("metadata").has("name")).isFalse();
    assertThat(core.get("versions").get(0).get("version").asText()).isEqualTo("v1");
    assertThat(core.get("versions").get(0).get("freshness").asText()).isEqualTo("Current");
  }

  @Test
  void resourcesCarryKindScopeAndSubresourcesWithTheirOwnKinds() {
    JsonNode pods = resource(discovery.core(DiscoveryFormat.AGGREGATED_V2), "", "pods");

    assertThat(pods.get("responseKind")).isEqualTo(Json.tree("{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}".getBytes()));
    assertThat(pods.get("scope").asText()).isEqualTo("Namespaced");
    assertThat(pods.get("singularResource").asText()).isEqualTo("pod");
    assertThat(pods.get("shortNames").get(0).asText()).isEqualTo("po");
    assertThat(pods.get("categories").get(0).asText()).isEqualTo("all");
    JsonNode eviction = subresource(pods, "eviction");
    assertThat(eviction)
        .isEqualTo(
            Json.tree(
                """
                {"subresource":"eviction","responseKind":{"group":"policy","version":"v1","kind":"Eviction"},"verbs":["create"]}"""
                    .getBytes()));

    JsonNode deployments = resource(discovery.apis(DiscoveryFormat.AGGREGATED_V2BETA1), "apps", "deployments");
    assertThat(subresource(deployments, "scale").get("responseKind"))
        .isEqualTo(Json.tree("{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"}".getBytes()));
    assertThat(resource(discovery.core(DiscoveryFormat.AGGREGATED_V2), "", "nodes").get("scope").asText()).isEqualTo("Cluster");
  }

  @Test
  void apisDocumentHoldsTheNamedGroupsInTheRequestedVersion() {
    JsonNode doc = discovery.apis(DiscoveryFormat.AGGREGATED_V2BETA1);

    assertThat(doc.get("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2beta1");
    assertThat(doc.get("items").findValuesAsText("name")).contains("apps", "batch", "policy").doesNotContain("");
  }

  @Test
  void legacyIsNotAnAggregatedFormat() {
    assertThatThrownBy(() -> discovery.apis(DiscoveryFormat.LEGACY)).isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode resource(JsonNode doc, String group, String name) {
    for (JsonNode item : doc.get("items")) {
      if (item.get("metadata").path("name").asText("").equals(group)) {
        for (JsonNode r : item.get("versions").get(0).get("resources")) {
          if (r.get("resource").asText().equals(name)) {
            return r;
          }
        }
      }
    }
    throw new AssertionError("no resource " + group + "/" + name);
  }

  private static JsonNode subresource(JsonNode resource, String name) {
    for (JsonNode s : resource.get("subresources")) {
      if (s.get("subresource").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no subresource " + name);
  }
}
