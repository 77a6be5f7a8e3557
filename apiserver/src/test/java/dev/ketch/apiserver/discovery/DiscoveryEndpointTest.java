package dev.ketch.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DiscoveryEndpointTest {

  private static final String KUBECTL_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  private final DiscoveryEndpoint endpoint = new DiscoveryEndpoint(ResourceCatalog.builtIn(), DiscoveryOptions.of("10.0.0.1:6443"));

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("/api", null, 200, "application/json", "APIVersions"),
        Arguments.of("/api/", "application/json", 200, "application/json", "APIVersions"),
        Arguments.of("/apis", "application/vnd.kubernetes.protobuf", 200, "application/json", "APIGroupList"),
        Arguments.of("/api", KUBECTL_ACCEPT, 200, DiscoveryFormat.AGGREGATED_V2.contentType(), "APIGroupDiscoveryList"),
        Arguments.of("/apis", KUBECTL_ACCEPT, 200, DiscoveryFormat.AGGREGATED_V2.contentType(), "APIGroupDiscoveryList"),
        Arguments.of("/api/v1", KUBECTL_ACCEPT, 200, "application/json", "APIResourceList"),
        Arguments.of("/apis/apps", null, 200, "application/json", "APIGroup"),
        Arguments.of("/apis/apps/v1", null, 200, "application/json", "APIResourceList"),
        Arguments.of("/apis/policy/v1/", null, 200, "application/json", "APIResourceList"),
        Arguments.of("/api/v2", null, 404, "application/json", "Status"),
        Arguments.of("/apis/nope", null, 404, "application/json", "Status"),
        Arguments.of("/apis/apps/v2", null, 404, "application/json", "Status"),
        Arguments.of("/apis//v1", null, null, null, null),
        Arguments.of("/api/v1/pods", null, null, null, null),
        Arguments.of("/apis/apps/v1/deployments", null, null, null, null),
        Arguments.of("/version", null, null, null, null),
        Arguments.of("/", null, null, null, null));
  }

  @ParameterizedTest(name = "GET {0} Accept {1}")
  @MethodSource("documents")
  void serves(String path, String accept, Integer status, String contentType, String kind) {
    var response = endpoint.serve(path, accept, null);

    if (status == null) {
      assertThat(response).isEmpty();
      return;
    }
    assertThat(response).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(status);
      assertThat(r.contentType()).isEqualTo(contentType);
      assertThat(Json.tree(r.body()).get("kind").asText()).isEqualTo(kind);
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api", "/apis"})
  void aggregatedDocumentsRevalidateWithTheirEtag(String path) {
    DiscoveryResponse first = endpoint.serve(path, KUBECTL_ACCEPT, null).orElseThrow();
    String etag = first.headers().get("ETag");

    DiscoveryResponse again = endpoint.serve(path, KUBECTL_ACCEPT, etag).orElseThrow();

    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(first.headers()).containsEntry("Vary", "Accept");
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(endpoint.serve(path, KUBECTL_ACCEPT, "\"other\"").orElseThrow().status()).isEqualTo(200);
  }

  @Test
  void aggregationCanBeSwitchedOff() {
    DiscoveryEndpoint legacyOnly =
        new DiscoveryEndpoint(ResourceCatalog.builtIn(), DiscoveryOptions.of("10.0.0.1:6443").withAggregated(false));

    DiscoveryResponse r = legacyOnly.serve("/apis", KUBECTL_ACCEPT, null).orElseThrow();

    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(Json.tree(r.body()).get("kind").asText()).isEqualTo("APIGroupList");
  }
}
