package dev.ketch.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.Kubeconfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl, every version on the machine (1.27 to 1.33), against the HTTPS front end with
 * the kubeconfig Ketch writes: the plumbing a stock client needs before any API exists.
 */
class KubectlIT {

  @TempDir static Path tmp;

  static TestPki pki;
  static HttpsServer server;
  static Path adminKubeconfig;
  static Path tokenKubeconfig;
  static Path badTokenKubeconfig;
  static Path foreignKubeconfig;
  static final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    pki = TestPki.create(tmp);
    BasicEndpoints endpoints =
        new BasicEndpoints(KubernetesVersion.of(KubernetesVersion.PRESENTED, "0123456789abcdef", Instant.parse("2025-06-01T12:00:00Z")),
            BasicEndpoints.NOT_FOUND);
    java.nio.file.Path tokens = tmp.resolve("tokens.csv");
    try {
      java.nio.file.Files.writeString(tokens, "kubectl-token,robot,1,bots\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server =
        HttpsServer.start(
            pki.config().withTokens(StaticTokenFile.load(tokens)),
            (request, response) -> {
              seen.add(request.protocol() + " " + request.user().name() + " " + request.header("User-Agent"));
              endpoints.handle(request, response);
            });
    String url = "https://127.0.0.1:" + server.port();
    adminKubeconfig = tmp.resolve("admin.kubeconfig");
    Kubeconfig.withClientCertificate(url, pki.ca(), pki.admin).writeTo(adminKubeconfig);
    tokenKubeconfig = tmp.resolve("token.kubeconfig");
    Kubeconfig.withToken(url, pki.ca(), "robot", "kubectl-token").writeTo(tokenKubeconfig);
    badTokenKubeconfig = tmp.resolve("bad-token.kubeconfig");
    Kubeconfig.withToken(url, pki.ca(), "robot", "not-a-token").writeTo(badTokenKubeconfig);
    // A certificate of another CA. (A kubeconfig user without any credentials cannot be tested:
    // kubectl would prompt for a user name and password.)
    foreignKubeconfig = tmp.resolve("foreign.kubeconfig");
    Kubeconfig.withClientCertificate(url, pki.ca(), pki.foreign).writeTo(foreignKubeconfig);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Path> kubectls() throws Exception {
    return Processes.kubectls().stream();
  }

  private static Processes.Result kubectl(Path binary, Path kubeconfig, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir", tmp.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    return Processes.run(cmd, Map.of("HOME", tmp.toString(), "KUBECONFIG", ""), Duration.ofSeconds(60));
  }

  @Test
  void everyKubectlVersionIsInstalled() throws Exception {
    List<String> names = Processes.kubectls().stream().map(p -> p.getFileName().toString()).toList();
    assertThat(names).contains("kubectl", "kubectl.1.27", "kubectl.1.33");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectls")
  void getRawVersionAndHealthz(Path kubectl) throws Exception {
    Processes.Result version = kubectl(kubectl, adminKubeconfig, "get", "--raw", "/version");
    Processes.Result healthz = kubectl(kubectl, adminKubeconfig, "get", "--raw", "/healthz");

    assertThat(version.exitCode()).as(version.toString()).isZero();
    JsonNode info = Json.mapper().readTree(version.stdout());
    assertThat(info.path("gitVersion").asText()).isEqualTo("v1.32.0");
    assertThat(info.path("major").asText()).isEqualTo("1");
    assertThat(info.path("minor").asText()).isEqualTo("32");
    assertThat(info.path("gitCommit").asText()).isEqualTo("0123456789abcdef");
    assertThat(info.path("buildDate").asText()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(healthz.exitCode()).as(healthz.toString()).isZero();
    assertThat(healthz.stdout()).isEqualTo("ok");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectls")
  void versionCommandParsesTheServerVersion(Path kubectl) throws Exception {
    Processes.Result r = kubectl(kubectl, adminKubeconfig, "version", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode out = Json.mapper().readTree(r.stdout());
    assertThat(out.path("serverVersion").path("gitVersion").asText()).isEqualTo("v1.32.0");
    assertThat(out.path("serverVersion").path("major").asText()).isEqualTo("1");
    assertThat(out.path("serverVersion").path("minor").asText()).isEqualTo("32");
    assertThat(out.path("serverVersion").path("platform").asText()).matches("[a-z]+/[a-z0-9]+");
    assertThat(out.path("clientVersion").path("gitVersion").asText()).startsWith("v1.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectls")
  void bearerTokensWorkAndBadCredentialsAreUnauthorized(Path kubectl) throws Exception {
    Processes.Result token = kubectl(kubectl, tokenKubeconfig, "get", "--raw", "/version");
    Processes.Result badToken = kubectl(kubectl, badTokenKubeconfig, "get", "--raw", "/version");
    Processes.Result badTokenHealthz = kubectl(kubectl, badTokenKubeconfig, "get", "--raw", "/healthz");
    Processes.Result foreign = kubectl(kubectl, foreignKubeconfig, "get", "--raw", "/version");
    Processes.Result foreignHealthz = kubectl(kubectl, foreignKubeconfig, "get", "--raw", "/healthz");

    assertThat(token.exitCode()).as(token.toString()).isZero();
    assertThat(Json.mapper().readTree(token.stdout()).path("gitVersion").asText()).isEqualTo("v1.32.0");
    // Bad credentials are refused everywhere, also on the health checks that need none.
    for (Processes.Result r : List.of(badToken, badTokenHealthz, foreign, foreignHealthz)) {
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr()).as(r.toString()).contains("error: You must be logged in to the server (Unauthorized)");
    }
  }

  @Test
  void kubectlSpeaksHttp2WithTheAdminCertificate() throws Exception {
    seen.clear();
    Processes.Result r = kubectl(Processes.kubectls().getFirst(), adminKubeconfig, "get", "--raw", "/version");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    // The plain kubectl may be a dispatcher that asks /version itself before running the real one.
    assertThat(seen).isNotEmpty().allMatch(s -> s.startsWith("HTTP_2 ketch-admin kubectl"));
    assertThat(seen).anyMatch(s -> s.startsWith("HTTP_2 ketch-admin kubectl/v1."));
  }
}
