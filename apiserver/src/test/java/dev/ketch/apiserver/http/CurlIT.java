package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** curl, over HTTP/2 and HTTP/1.1, with the PEM files Ketch writes. */
class CurlIT {

  @TempDir static Path tmp;

  static TestPki pki;
  static HttpsServer server;
  static String curl;

  @BeforeAll
  static void start() throws Exception {
    curl = Processes.onPath("curl").toString();
    pki = TestPki.create(tmp);
    Files.writeString(tmp.resolve("tokens.csv"), "curl-token,curler,7\n");
    server =
        HttpsServer.start(
            pki.config().withTokens(StaticTokenFile.load(tmp.resolve("tokens.csv"))),
            new BasicEndpoints(KubernetesVersion.of(KubernetesVersion.PRESENTED, "", Instant.EPOCH), new TestRoutes()));
    Files.writeString(tmp.resolve("foreign.crt"), pki.foreign.certificatePem());
    Files.writeString(tmp.resolve("foreign.key"), pki.foreign.privateKeyPem());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> curl(String protocol, boolean withCert, String path, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(curl, "-sS", "--max-time", "30", protocol, "--cacert", pki.credentials.caCertificateFile().toString()));
    if (withCert) {
      cmd.addAll(List.of("--cert", pki.credentials.clientCertificateFile("admin").toString(), "--key", pki.credentials.clientKeyFile("admin").toString()));
    }
    cmd.addAll(List.of(extra));
    cmd.add("https://localhost:" + server.port() + path);
    return cmd;
  }

  /** Body, then a last line "<code> <http version>". */
  private static Processes.Result run(List<String> cmd) throws Exception {
    List<String> withStatus = new ArrayList<>(cmd);
    withStatus.add(withStatus.size() - 1, "-w");
    withStatus.add(withStatus.size() - 1, "\n%{http_code} %{http_version}");
    Processes.Result r = Processes.run(withStatus, Map.of(), Duration.ofSeconds(60));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private static String statusLine(Processes.Result r) {
    return r.stdout().substring(r.stdout().lastIndexOf('\n') + 1);
  }

  private static String body(Processes.Result r) {
    return r.stdout().substring(0, r.stdout().lastIndexOf('\n'));
  }

  private static String expectedVersion(String protocol) {
    return protocol.equals("--http2") ? "2" : "1.1";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--http2", "--http1.1"})
  void versionWithTheAdminCertificate(String protocol) throws Exception {
    Processes.Result r = run(curl(protocol, true, "/version"));

    assertThat(statusLine(r)).isEqualTo("200 " + expectedVersion(protocol));
    assertThat(Json.mapper().readTree(body(r)).path("gitVersion").asText()).isEqualTo("v1.32.0");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--http2", "--http1.1"})
  void unauthorizedWithoutOrWithAForeignCertificate(String protocol) throws Exception {
    Processes.Result none = run(curl(protocol, false, "/version"));
    Processes.Result foreign =
        run(curl(protocol, false, "/version", "--cert", tmp.resolve("foreign.crt").toString(), "--key", tmp.resolve("foreign.key").toString()));
    Processes.Result healthz = run(curl(protocol, false, "/healthz"));

    for (Processes.Result r : List.of(none, foreign)) {
      assertThat(statusLine(r)).isEqualTo("401 " + expectedVersion(protocol));
      JsonNode status = Json.mapper().readTree(body(r));
      assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
    }
    assertThat(statusLine(healthz)).isEqualTo("200 " + expectedVersion(protocol));
    assertThat(body(healthz)).isEqualTo("ok");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--http2", "--http1.1"})
  void bearerToken(String protocol) throws Exception {
    Processes.Result r = run(curl(protocol, false, "/echo", "-H", "Authorization: Bearer curl-token"));

    assertThat(statusLine(r)).isEqualTo("200 " + expectedVersion(protocol));
    assertThat(Json.mapper().readTree(body(r)).path("user").asText()).isEqualTo("curler");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--http2", "--http1.1"})
  void oversizedBodyGets413WithAStatus(String protocol) throws Exception {
    Path big = tmp.resolve("big.bin");
    Files.write(big, new byte[HttpServerConfig.DEFAULT_MAX_BODY_BYTES + 1]);

    // Over HTTP/1.1 curl asks "Expect: 100-continue" first, so the answer comes before the body.
    Processes.Result r = run(curl(protocol, true, "/echo", "--data-binary", "@" + big, "-H", "Content-Type: application/json"));

    assertThat(statusLine(r)).isEqualTo("413 " + expectedVersion(protocol));
    JsonNode status = Json.mapper().readTree(body(r));
    assertThat(status.path("reason").asText()).isEqualTo("RequestEntityTooLarge");
    assertThat(status.path("code").asInt()).isEqualTo(413);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--http2", "--http1.1"})
  void streamedLinesArriveAsWrittenAndTheHandlerSeesCurlLeave(String protocol) throws Exception {
    TestRoutes routes = new TestRoutes();
    try (HttpsServer s = HttpsServer.start(pki.config(), routes)) {
      List<String> cmd = curl(protocol, true, "/stream?lines=1000&intervalMs=100", "-N");
      cmd.set(cmd.size() - 1, "https://localhost:" + s.port() + "/stream?lines=1000&intervalMs=100");
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
          assertThat(lines.readLine()).isEqualTo("{\"line\":" + i + "}");
        }
        assertThat(routes.streamEnd).isNotDone();
      } finally {
        p.destroy();
      }
      await().atMost(Duration.ofSeconds(10)).until(routes.streamOnClose::isDone);
      assertThat(routes.streamEnd.get()).isEqualTo("closed");
    }
  }
}
