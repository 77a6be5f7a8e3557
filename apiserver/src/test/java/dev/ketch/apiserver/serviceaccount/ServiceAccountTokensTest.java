package dev.ketch.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.ServiceAccountKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountTokensTest {

  private static final String ISSUER = ServiceAccountTokens.DEFAULT_ISSUER;
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path tmp;

  private static ServiceAccountTokens tokens(KeyPair keys, Instant now) {
    return new ServiceAccountTokens(keys, ISSUER, List.of(), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static JsonNode claims(String token) throws Exception {
    return Json.mapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }

  @Test
  void aPodBoundTokenCarriesUpstreamClaimsAndValidates() throws Exception {
    KeyPair keys = ServiceAccountKey.open(tmp);
    ServiceAccountTokens tokens = tokens(keys, NOW);
    var issued = tokens.issue("shop", "builder", "sa-uid", List.of(ISSUER), 3600,
        new ServiceAccountTokens.Binding("Pod", "web-1", "pod-uid"));

    assertThat(issued.expiration()).isEqualTo(NOW.plusSeconds(3600));
    JsonNode claims = claims(issued.token());
    assertThat(claims.path("iss").asText()).isEqualTo(ISSUER);
    assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:shop:builder");
    assertThat(claims.path("aud").get(0).asText()).isEqualTo(ISSUER);
    assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.path("nbf").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
    assertThat(claims.path("kubernetes.io").path("pod").path("uid").asText()).isEqualTo("pod-uid");
    assertThat(claims.path("kubernetes.io").path("serviceaccount").path("name").asText()).isEqualTo("builder");
    JsonNode header = Json.mapper().readTree(Base64.getUrlDecoder().decode(issued.token().split("\\.")[0]));
    assertThat(header.path("alg").asText()).isEqualTo("ES256");

    assertThat(tokens.validate(issued.token())).contains(new ServiceAccountTokens.Claims(
        "shop", "builder", "sa-uid", new ServiceAccountTokens.Binding("Pod", "web-1", "pod-uid")));
  }

  @Test
  void theKeyIsKeptAcrossRestarts() {
    KeyPair first = ServiceAccountKey.open(tmp);
    KeyPair again = ServiceAccountKey.open(tmp);
    String token = tokens(first, NOW).issue("ns", "sa", "u", List.of(ISSUER), 600, null).token();
    assertThat(tokens(again, NOW).validate(token)).isPresent();
    assertThat(again.getPublic()).isEqualTo(first.getPublic());
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    ServiceAccountTokens tokens = tokens(ServiceAccountKey.open(tmp), NOW);
    String[] parts = tokens.issue("ns", "sa", "u", List.of(ISSUER), 600, null).token().split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("system:serviceaccount:ns:sa", "system:serviceaccount:ns:admin").replace("\"name\":\"sa\"", "\"name\":\"admin\"");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    assertThat(tokens.validate(forged)).isEmpty();
    assertThat(tokens.validate(parts[0] + "." + parts[1] + ".")).isEmpty();
    assertThat(tokens.validate("not-a-token")).isEmpty();
  }

  @Test
  void anExpiredOrNotYetValidTokenIsRefused() {
    KeyPair keys = ServiceAccountKey.open(tmp);
    String token = tokens(keys, NOW).issue("ns", "sa", "u", List.of(ISSUER), 600, null).token();
    assertThat(tokens(keys, NOW.plus(Duration.ofSeconds(599))).validate(token)).isPresent();
    assertThat(tokens(keys, NOW.plus(Duration.ofSeconds(600))).validate(token)).isEmpty();
    assertThat(tokens(keys, NOW.minus(Duration.ofSeconds(1))).validate(token)).isEmpty();
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    ServiceAccountTokens tokens = tokens(ServiceAccountKey.open(tmp), NOW);
    String vault = tokens.issue("ns", "sa", "u", List.of("vault"), 600, null).token();
    assertThat(tokens.validate(vault)).isEmpty();
    String both = tokens.issue("ns", "sa", "u", List.of("vault", ISSUER), 600, null).token();
    assertThat(tokens.validate(both)).isPresent();
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused() {
    ServiceAccountTokens ours = tokens(ServiceAccountKey.open(tmp.resolve("ours")), NOW);
    ServiceAccountTokens theirs = tokens(ServiceAccountKey.open(tmp.resolve("theirs")), NOW);
    String token = theirs.issue("ns", "sa", "u", List.of(ISSUER), 600, null).token();
    assertThat(ours.validate(token)).isEmpty();
  }

  @Test
  void aKeyDirectoryWithHalfAKeyIsRefused() throws Exception {
    ServiceAccountKey.open(tmp);
    java.nio.file.Files.delete(tmp.resolve("sa.pub"));
    assertThatThrownBy(() -> ServiceAccountKey.open(tmp)).isInstanceOf(IllegalStateException.class).hasMessageContaining("sa.pub");
  }
}
