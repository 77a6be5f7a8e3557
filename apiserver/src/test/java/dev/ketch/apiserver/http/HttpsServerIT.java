package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.Credential;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTPS front end on a real port, driven by the JDK's HttpClient over HTTP/2 and HTTP/1.1. */
class HttpsServerIT {

  @TempDir static Path tmp;

  static TestPki pki;
  static TestRoutes routes;
  static HttpsServer server;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(tmp);
    Path tokens = tmp.resolve("tokens.csv");
    Files.writeString(tokens, "good-token,robot,uid-42,\"bots,testers\"\n");
    routes = new TestRoutes();
    server =
        HttpsServer.start(
            pki.config().withTokens(StaticTokenFile.load(tokens)),
            new BasicEndpoints(KubernetesVersion.of(KubernetesVersion.PRESENTED, "", java.time.Instant.EPOCH), routes));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpClient client(Version version, Credential cert) throws Exception {
    return HttpClient.newBuilder().version(version).sslContext(pki.sslContext(cert)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("https://localhost:" + server.port() + pathAndQuery);
  }

  private static HttpResponse<String> get(HttpClient client, String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void versionAndHealthWithAClientCertificate(Version version) throws Exception {
    HttpClient client = client(version, pki.admin);

    HttpResponse<String> v = get(client, "/version");
    HttpResponse<String> healthz = get(client, "/healthz");

    assertThat(v.version()).isEqualTo(version);
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(v.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode info = Json.mapper().readTree(v.body());
    assertThat(info.path("gitVersion").asText()).isEqualTo("v1.32.0");
    assertThat(info.path("major").asText()).isEqualTo("1");
    assertThat(info.path("minor").asText()).isEqualTo("32");
    assertThat(info.path("platform").asText()).contains("/");
    assertThat(healthz.statusCode()).isEqualTo(200);
    assertThat(healthz.body()).isEqualTo("ok");
    assertThat(healthz.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void theHandlerSeesTheCertificatesUserAndTheDecodedRequest(Version version) throws Exception {
    HttpResponse<String> r = get(client(version, pki.alice), "/echo/a%2Fb?x=1&x=2&label=a+b&sel=app%3Dweb&empty=");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("warning")).containsExactly("299 - \"echoed\"");
    JsonNode echo = Json.mapper().readTree(r.body());
    assertThat(echo.path("user").asText()).isEqualTo("alice");
    assertThat(echo.path("groups")).extracting(JsonNode::asText).containsExactly("testers", "readers", "system:authenticated");
    assertThat(echo.path("authenticatedBy").asText()).isEqualTo("CLIENT_CERTIFICATE");
    assertThat(echo.path("protocol").asText()).isEqualTo(version.name());
    assertThat(echo.path("path").asText()).isEqualTo("/echo/a/b");
    assertThat(echo.path("rawPath").asText()).isEqualTo("/echo/a%2Fb");
    assertThat(echo.path("query").path("x")).extracting(JsonNode::asText).containsExactly("1", "2");
    assertThat(echo.path("query").path("label").get(0).asText()).isEqualTo("a b");
    assertThat(echo.path("query").path("sel").get(0).asText()).isEqualTo("app=web");
    assertThat(echo.path("query").path("empty").get(0).asText()).isEmpty();
    assertThat(echo.path("remote").asText()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void withoutCredentialsOnlyTheHealthPathsAnswer(Version version) throws Exception {
    HttpClient anonymous = client(version, null);

    HttpResponse<String> v = get(anonymous, "/version");
    HttpResponse<String> echo = get(anonymous, "/echo");

    for (HttpResponse<String> r : List.of(v, echo)) {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      JsonNode status = Json.mapper().readTree(r.body());
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
      assertThat(status.path("status").asText()).isEqualTo("Failure");
      assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
      assertThat(status.path("message").asText()).isEqualTo("Unauthorized");
      assertThat(status.path("code").asInt()).isEqualTo(401);
    }
    for (String health : List.of("/healthz", "/livez", "/readyz", "/readyz/ping")) {
      HttpResponse<String> r = get(anonymous, health);
      assertThat(r.statusCode()).as(health).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void bearerTokensAuthenticateAndBadOnesAreRefusedEverywhere(Version version) throws Exception {
    HttpClient anonymous = client(version, null);

    HttpResponse<String> good =
        anonymous.send(HttpRequest.newBuilder(uri("/echo")).header("Authorization", "Bearer good-token").build(), BodyHandlers.ofString());
    HttpResponse<String> bad =
        anonymous.send(HttpRequest.newBuilder(uri("/echo")).header("Authorization", "Bearer bad-token").build(), BodyHandlers.ofString());
    HttpResponse<String> badOnHealth =
        anonymous.send(HttpRequest.newBuilder(uri("/healthz")).header("Authorization", "Bearer bad-token").build(), BodyHandlers.ofString());

    assertThat(good.statusCode()).isEqualTo(200);
    JsonNode echo = Json.mapper().readTree(good.body());
    assertThat(echo.path("user").asText()).isEqualTo("robot");
    assertThat(echo.path("uid").asText()).isEqualTo("uid-42");
    assertThat(echo.path("groups")).extracting(JsonNode::asText).containsExactly("bots", "testers", "system:authenticated");
    assertThat(echo.path("authenticatedBy").asText()).isEqualTo("BEARER_TOKEN");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(badOnHealth.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void handlerFailuresBecomeStatusesWithoutInternals(Version version) throws Exception {
    HttpClient client = client(version, pki.admin);

    HttpResponse<String> failed = get(client, "/fail");
    HttpResponse<String> conflict = get(client, "/conflict");
    HttpResponse<String> silent = get(client, "/silent");
    HttpResponse<String> missing = get(client, "/nothing-here");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).doesNotContain(TestRoutes.SECRET).doesNotContain("Exception").doesNotContain("at dev.");
    assertThat(Json.mapper().readTree(failed.body()).path("reason").asText()).isEqualTo("InternalError");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(Json.mapper().readTree(conflict.body()).path("reason").asText()).isEqualTo("Conflict");
    assertThat(silent.statusCode()).isEqualTo(500);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(missing.body()).path("reason").asText()).isEqualTo("NotFound");
    // The connection survives every failure.
    assertThat(get(client, "/healthz").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void bodiesUpToThreeMebibytesPassAndLargerOnesGet413(Version version) throws Exception {
    HttpClient client = client(version, pki.admin);
    int limit = HttpServerConfig.DEFAULT_MAX_BODY_BYTES;

    HttpResponse<String> atLimit =
        client.send(HttpRequest.newBuilder(uri("/echo")).POST(BodyPublishers.ofByteArray(new byte[limit])).build(), BodyHandlers.ofString());
    HttpResponse<String> over =
        client.send(HttpRequest.newBuilder(uri("/echo")).POST(BodyPublishers.ofByteArray(new byte[limit + 1])).build(), BodyHandlers.ofString());

    assertThat(atLimit.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(atLimit.body()).path("bodyLength").asInt()).isEqualTo(limit);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(over.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode status = Json.mapper().readTree(over.body());
    assertThat(status.path("reason").asText()).isEqualTo("RequestEntityTooLarge");
    assertThat(status.path("code").asInt()).isEqualTo(413);
    assertThat(get(client, "/healthz").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void streamsArriveLineByLineAndTheHandlerNoticesTheClientLeaving(Version version) throws Exception {
    TestRoutes streamRoutes = new TestRoutes();
    try (HttpsServer s = HttpsServer.start(pki.config(), streamRoutes)) {
      HttpClient client = client(version, pki.admin);
      URI u = URI.create("https://localhost:" + s.port() + "/stream?lines=1000&intervalMs=100");

      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(u).build(), BodyHandlers.ofInputStream());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(version);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      if (version == Version.HTTP_1_1) {
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
      }
      List<Long> arrivals = new ArrayList<>();
      InputStream body = r.body();
      BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      long t0 = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertThat(lines.readLine()).isEqualTo("{\"line\":" + i + "}");
        arrivals.add((System.nanoTime() - t0) / 1_000_000);
      }
      // Each line came on its own, about 100 ms after the one before, not all at the end.
      assertThat(arrivals.get(4) - arrivals.get(0)).isGreaterThanOrEqualTo(300);
      assertThat(streamRoutes.streamEnd).isNotDone();

      body.close();

      await().atMost(Duration.ofSeconds(10)).until(streamRoutes.streamOnClose::isDone);
      assertThat(streamRoutes.streamEnd.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("closed");
    }
  }

  @Test
  void manyConcurrentStreamsShareOneHttp2Connection() throws Exception {
    HttpClient client = client(Version.HTTP_2, pki.admin);
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      pending.add(client.sendAsync(HttpRequest.newBuilder(uri("/stream?lines=3&intervalMs=200")).build(), BodyHandlers.ofString()));
    }
    for (var f : pending) {
      HttpResponse<String> r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(Version.HTTP_2);
      assertThat(r.body()).isEqualTo("{\"line\":0}\n{\"line\":1}\n{\"line\":2}\n");
    }
    // 100 streams of 600 ms each: one after another they would take a minute.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }
}
