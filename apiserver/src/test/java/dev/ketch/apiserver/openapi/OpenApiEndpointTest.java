package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenApiEndpointTest {

  private static final OpenApiDocuments DOCS = OpenApiDocuments.build(ResourceCatalog.builtIn(), OpenApiOptions.upstream("v1.32.0", PatchHints.none()));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-05T07:08:09.5Z"), ZoneOffset.UTC);
  private final OpenApiEndpoint endpoint = new OpenApiEndpoint(DOCS, CLOCK);

  static Stream<Arguments> swaggerNegotiation() {
    String pb = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    String pbNew = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    return Stream.of(
        Arguments.of("client-go", pb, 200, pbNew),
        Arguments.of("newer protobuf name", pbNew, 200, pbNew),
        Arguments.of("json", "application/json", 200, "application/json"),
        Arguments.of("no Accept", null, 200, "application/json"),
        Arguments.of("anything", "*/*", 200, "application/json"),
        Arguments.of("protobuf preferred over json", "application/json;q=0.5, " + pb, 200, pbNew),
        Arguments.of("nothing we have", "text/html", 406, null),
        Arguments.of("kubernetes protobuf is not swagger", "application/vnd.kubernetes.protobuf", 406, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("swaggerNegotiation")
  void swaggerNegotiation(String name, String accept, int status, String contentType) {
    OpenApiResponse r = endpoint.serve("/openapi/v2", null, accept, null).orElseThrow();

    assertThat(r.status()).isEqualTo(status);
    assertThat(r.contentType()).isEqualTo(contentType == null ? "text/plain; charset=utf-8" : contentType);
    assertThat(r.headers()).containsEntry("Vary", "Accept");
    if (status == 200) {
      assertThat(r.headers()).containsEntry("ETag", "\"" + DOCS.swaggerJson().hash() + "\"");
      assertThat(r.body()).isEqualTo(contentType.equals("application/json") ? DOCS.swaggerJson().bytes() : DOCS.swaggerProtobuf());
    }
  }

  @Test
  void swaggerRevalidatesWithItsEtag() {
    OpenApiResponse r = endpoint.serve("/openapi/v2", null, "application/json", "\"" + DOCS.swaggerJson().hash() + "\"").orElseThrow();

    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers()).containsEntry("Last-Modified", "Thu, 05 Mar 2026 07:08:09 GMT");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/openapi/v3", "/openapi/v3/"})
  void v3RootIsJsonWithItsEtag(String path) {
    OpenApiResponse r = endpoint.serve(path, null, "application/json", null).orElseThrow();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(Json.tree(r.body()).get("paths").has("apis/apps/v1")).isTrue();
    assertThat(endpoint.serve(path, null, null, r.headers().get("ETag")).orElseThrow().status()).isEqualTo(304);
  }

  @Test
  void v3DocumentWithItsCurrentHashIsCacheableForever() {
    String hash = DOCS.v3("apis/apps/v1").orElseThrow().hash();

    OpenApiResponse r = endpoint.serve("/openapi/v3/apis/apps/v1", "hash=" + hash, "application/json", null).orElseThrow();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.headers())
        .containsEntry("Cache-Control", "public, immutable")
        .containsEntry("Expires", "Fri, 05 Mar 2027 07:08:09 GMT")
        .containsEntry("ETag", "\"" + hash + "\"")
        .containsEntry("Vary", "Accept");
    assertThat(r.body()).isEqualTo(DOCS.v3("apis/apps/v1").orElseThrow().bytes());
  }

  @Test
  void v3DocumentWithoutHashIsServedWithoutCacheDirectives() {
    OpenApiResponse r = endpoint.serve("/openapi/v3/api/v1", null, null, null).orElseThrow();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).doesNotContainKeys("Cache-Control", "Expires").containsKey("ETag");
  }

  @Test
  void staleHashRedirectsToTheCurrentDocument() {
    OpenApiResponse r = endpoint.serve("/openapi/v3/api/v1", "hash=0123", "application/json", null).orElseThrow();

    assertThat(r.status()).isEqualTo(301);
    assertThat(r.headers()).containsEntry("Location", "/openapi/v3/api/v1?hash=" + DOCS.v3("api/v1").orElseThrow().hash());
  }

  @Test
  void unknownGroupVersionIsNotFound() {
    OpenApiResponse r = endpoint.serve("/openapi/v3/apis/example.com/v1", null, "application/json", null).orElseThrow();

    assertThat(r.status()).isEqualTo(404);
    assertThat(Json.tree(r.body()).get("reason").asText()).isEqualTo("NotFound");
  }

  @Test
  void v3ProtobufIsNotServed() {
    OpenApiResponse r =
        endpoint.serve("/openapi/v3/api/v1", null, "application/com.github.proto-openapi.spec.v3.v1.0+protobuf", null).orElseThrow();

    assertThat(r.status()).isEqualTo(406);
  }

  static Stream<Arguments> everyAnswer() {
    String hash = DOCS.v3("api/v1").orElseThrow().hash();
    return Stream.of(
        Arguments.of("/openapi/v2", null, "application/json", null, 200),
        Arguments.of("/openapi/v2", null, "application/json", "\"" + DOCS.swaggerJson().hash() + "\"", 304),
        Arguments.of("/openapi/v2", null, "text/html", null, 406),
        Arguments.of("/openapi/v3/api/v1", "hash=" + hash, null, null, 200),
        Arguments.of("/openapi/v3/api/v1", "hash=" + hash, null, "\"" + hash + "\"", 304),
        Arguments.of("/openapi/v3/api/v1", "hash=stale", null, null, 301),
        Arguments.of("/openapi/v3/apis/nope/v1", null, null, null, 404));
  }

  /** The HTTP layer requires a Content-Type on every response. */
  @ParameterizedTest(name = "{0}?{1} answers {4}")
  @MethodSource("everyAnswer")
  void everyAnswerHasAContentType(String path, String query, String accept, String ifNoneMatch, int status) {
    OpenApiResponse r = endpoint.serve(path, query, accept, ifNoneMatch).orElseThrow();

    assertThat(r.status()).isEqualTo(status);
    assertThat(r.contentType()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/openapi", "/openapi/v1", "/openapi/v2/", "/api/v1", "/"})
  void otherPathsAreNotOpenApi(String path) {
    assertThat(endpoint.serve(path, null, null, null)).isEmpty();
  }
}
