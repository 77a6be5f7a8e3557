package dev.ketch.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.InProcessApiServer.Answer;
import dev.ketch.pki.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serviceaccounts/token through the real HTTP path, and its tokens used as bearer tokens. */
class TokenRequestIT {

  private static final String NS = "/api/v1/namespaces/tokens";
  @TempDir static Path tmp;
  static InProcessApiServer api;
  static HttpClient withoutCertificate;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    api.ok("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"tokens\"}}");
    api.ok("POST", NS + "/serviceaccounts", "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"builder\"}}");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", Pem.readCertificates(Files.readString(tmp.resolve("data/tls/ca.crt"))).getFirst());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    withoutCertificate = HttpClient.newBuilder().sslContext(ssl).build();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static int getAs(String token, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api.server().url() + path))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
    return withoutCertificate.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String pod(String name, String serviceAccount) {
    return api.ok("POST", NS + "/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
         "spec":{"serviceAccountName":"%s","containers":[{"name":"c","image":"busybox"}]}}""".formatted(name, serviceAccount))
        .body().path("metadata").path("uid").asText();
  }

  private static Answer request(String account, String spec) {
    return api.json("POST", NS + "/serviceaccounts/" + account + "/token",
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + spec + "}");
  }

  @Test
  void aPodBoundTokenAuthenticatesAsTheServiceAccountUntilThePodIsDeleted() throws Exception {
    String uid = pod("web", "builder");
    Answer answer = request("builder", """
        {"boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"web","uid":"%s"}}""".formatted(uid));

    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
    assertThat(answer.body().path("kind").asText()).isEqualTo("TokenRequest");
    assertThat(answer.body().path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
    assertThat(answer.body().path("spec").path("audiences").get(0).asText()).isEqualTo(ServiceAccountTokens.DEFAULT_ISSUER);
    Instant expires = Instant.parse(answer.body().path("status").path("expirationTimestamp").asText());
    assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    String token = answer.body().path("status").path("token").asText();
    JsonNode claims = Json.mapper().readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(claims.path("kubernetes.io").path("pod").path("uid").asText()).isEqualTo(uid);

    assertThat(getAs(token, "/api/v1/namespaces/default/pods")).isEqualTo(200);
    assertThat(getAs(token + "x", "/api/v1/namespaces/default/pods")).isEqualTo(401);

    api.ok("DELETE", NS + "/pods/web?gracePeriodSeconds=0", null);
    assertThat(api.json("GET", NS + "/pods/web", null).status()).isEqualTo(404);
    assertThat(getAs(token, "/api/v1/namespaces/default/pods")).isEqualTo(401);
  }

  @Test
  void anUnboundTokenLastsAsLongAsItsServiceAccount() throws Exception {
    api.ok("POST", NS + "/serviceaccounts", "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"short\"}}");
    Answer answer = request("short", "{\"expirationSeconds\":999999999}");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body().path("spec").path("expirationSeconds").asLong()).isEqualTo(48 * 3600);
    String token = answer.body().path("status").path("token").asText();
    assertThat(getAs(token, "/api/v1/namespaces/default/pods")).isEqualTo(200);

    api.ok("DELETE", NS + "/serviceaccounts/short", null);
    assertThat(getAs(token, "/api/v1/namespaces/default/pods")).isEqualTo(401);
  }

  @Test
  void aTokenForAnotherAudienceIsNotAcceptedByTheApiServer() throws Exception {
    Answer answer = request("builder", "{\"audiences\":[\"vault\"]}");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(getAs(answer.body().path("status").path("token").asText(), "/api/v1/namespaces/default/pods")).isEqualTo(401);
  }

  @Test
  void kubectlCreateTokenPrintsATokenTheServerAccepts() throws Exception {
    var kubectl = new dev.ketch.apiserver.support.Kubectl("1.33", api.server().kubeconfigFiles().getFirst(), tmp);
    String token = kubectl.run("create", "token", "builder", "-n", "tokens", "--duration", "20m").requireSuccess().stdout().trim();
    JsonNode claims = Json.mapper().readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:tokens:builder");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(1200);
    assertThat(getAs(token, "/api/v1/namespaces/tokens/serviceaccounts")).isEqualTo(200);
  }

  @Test
  void badRequestsAreRefusedWithKubernetesStatuses() {
    Answer missing = request("nobody", "{}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("message").asText()).isEqualTo("serviceaccounts \"nobody\" not found");

    Answer tooShort = request("builder", "{\"expirationSeconds\":60}");
    assertThat(tooShort.status()).isEqualTo(422);
    assertThat(tooShort.body().path("message").asText()).contains("may not specify a duration less than 10 minutes");

    Answer noPod = request("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"ghost\"}}");
    assertThat(noPod.status()).isEqualTo(404);

    pod("other", "default");
    Answer otherAccount = request("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"other\"}}");
    assertThat(otherAccount.status()).isEqualTo(400);

    pod("own", "builder");
    Answer wrongUid = request("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"own\",\"uid\":\"nope\"}}");
    assertThat(wrongUid.status()).isEqualTo(409);

    Answer wrongKind = request("builder", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"x\"}}");
    assertThat(wrongKind.status()).isEqualTo(400);
    assertThat(wrongKind.body().path("kind").asText()).isEqualTo("Status");
  }
}
