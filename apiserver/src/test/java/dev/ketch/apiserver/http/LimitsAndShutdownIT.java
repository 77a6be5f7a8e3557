package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The in-flight limit and graceful shutdown, on a real port. */
class LimitsAndShutdownIT {

  @TempDir Path tmp;

  private HttpClient client(TestPki pki, Version version) throws Exception {
    return HttpClient.newBuilder().version(version).sslContext(pki.sslContext(pki.admin)).build();
  }

  private static HttpRequest.Builder request(HttpsServer s, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + pathAndQuery));
  }

  @Test
  void requestsOverTheInflightLimitGet429WithRetryAfter() throws Exception {
    TestPki pki = TestPki.create(tmp);
    Files.writeString(tmp.resolve("tokens.csv"), "t,user,1,users\n");
    TestRoutes routes = new TestRoutes();
    try (HttpsServer s =
        HttpsServer.start(pki.config().withInflightLimits(1, 1).withTokens(StaticTokenFile.load(tmp.resolve("tokens.csv"))), routes)) {
      HttpClient user = HttpClient.newBuilder().sslContext(pki.sslContext(null)).build();
      HttpClient admin = client(pki, Version.HTTP_2);

      CompletableFuture<HttpResponse<String>> blocked = user.sendAsync(request(s, "/block").header("Authorization", "Bearer t").build(), BodyHandlers.ofString());
      assertThat(routes.blocked.await(10, TimeUnit.SECONDS)).isTrue();

      HttpResponse<String> refused = user.send(request(s, "/echo").header("Authorization", "Bearer t").build(), BodyHandlers.ofString());
      HttpResponse<String> write =
          user.send(request(s, "/echo").header("Authorization", "Bearer t").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());
      HttpResponse<String> watch = user.send(request(s, "/api/v1/pods?watch=true").header("Authorization", "Bearer t").build(), BodyHandlers.ofString());
      HttpResponse<String> masters = admin.send(request(s, "/echo").build(), BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
      JsonNode status = Json.mapper().readTree(refused.body());
      assertThat(status.path("reason").asText()).isEqualTo("TooManyRequests");
      assertThat(status.path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);
      assertThat(write.statusCode()).as("writes have their own budget").isEqualTo(200);
      assertThat(watch.statusCode()).as("watches are not counted: the handler answers").isEqualTo(404);
      assertThat(masters.statusCode()).as("system:masters is not limited").isEqualTo(200);

      routes.unblock();
      assertThat(blocked.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(user.send(request(s, "/echo").header("Authorization", "Bearer t").build(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Version.class, names = {"HTTP_1_1", "HTTP_2"})
  void shutdownLetsRequestsFinishThenEndsStreamsCleanly(Version version) throws Exception {
    TestPki pki = TestPki.create(tmp);
    TestRoutes routes = new TestRoutes();
    HttpsServer s = HttpsServer.start(pki.config().withShutdownGracePeriod(Duration.ofSeconds(10)), routes);
    HttpClient streamClient = client(pki, version);
    HttpClient blockClient = client(pki, version);

    HttpResponse<InputStream> stream = streamClient.send(request(s, "/stream?lines=100000&intervalMs=50").build(), BodyHandlers.ofInputStream());
    BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).isEqualTo("{\"line\":0}");
    // A watcher reads all the time; the last line it saw before the end of the stream.
    CompletableFuture<String> reader = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        String last = null;
        for (String line; (line = lines.readLine()) != null; ) {
          last = line;
        }
        reader.complete(last);
      } catch (Exception e) {
        reader.completeExceptionally(e);
      }
    });
    CompletableFuture<HttpResponse<String>> inFlight = blockClient.sendAsync(request(s, "/block").build(), BodyHandlers.ofString());
    assertThat(routes.blocked.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
    // Shutdown waits for the request in flight...
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
    routes.unblock();
    HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
    closing.get(20, TimeUnit.SECONDS);

    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).isEqualTo("released");
    // ...then ends the stream cleanly: the reader reaches the end, no error.
    assertThat(reader.get(10, TimeUnit.SECONDS)).startsWith("{\"line\":");
    assertThat(routes.streamOnClose).isDone();
    assertThat(routes.streamEnd.get(5, TimeUnit.SECONDS)).isEqualTo("closed");
    // And the port is closed.
    HttpClient fresh = client(pki, version);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fresh.send(request(s, "/healthz").build(), BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }
}
