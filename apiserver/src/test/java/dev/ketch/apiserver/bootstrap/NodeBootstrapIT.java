package dev.ketch.apiserver.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.CaCertHash;
import dev.ketch.pki.CertificateRequests;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import dev.ketch.pki.JoinToken;
import dev.ketch.pki.JoinTokenFile;
import dev.ketch.pki.NodeBootstrapProtocol;
import dev.ketch.pki.Pem;
import dev.ketch.store.embedded.EmbeddedStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node bootstrap endpoints of a real API server, over HTTPS without any client certificate.
 * The rate limit's test runs last: every request here comes from one address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeBootstrapIT {

  @TempDir
  static Path dir;

  static EmbeddedStore store;
  static ApiServer server;
  static HttpClient http;
  static JoinToken token;
  static X509Certificate ca;

  @BeforeAll
  static void start() throws Exception {
    store = EmbeddedStore.inMemory();
    Path data = dir.resolve("data");
    server = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), data)
        .withJoinTokenFile(data.resolve("token")));
    ca = ClusterCredentials.open(data.resolve("tls"), Clock.systemUTC()).ca().certificate();
    token = JoinTokenFile.at(data.resolve("token")).all().getFirst();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(ssl).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  private static HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String request(String nodeName, ClientIdentity identity, KeyPair keys) {
    return new String(Json.bytes(Map.of("nodeName", nodeName, "csr", CertificateRequests.create(identity, keys))),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theServerCreatesATokenForItsCaAtFirstStart() {
    assertThat(token.caHash()).isEqualTo(CaCertHash.of(ca));
  }

  @Test
  void theCaIsPublicAndHashesToTheTokensPin() throws Exception {
    HttpResponse<String> r = send("GET", NodeBootstrapProtocol.CA_PATH, null, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-pem-file");
    assertThat(CaCertHash.of(Pem.readCertificates(r.body()).getFirst())).isEqualTo(token.caHash());
  }

  @Test
  void aJoinTokenBuysANodeCertificateForTheRequestsKey() throws Exception {
    KeyPair keys = CertificateRequests.newClientKeyPair();
    HttpResponse<String> r = send("POST", NodeBootstrapProtocol.CREDENTIALS_PATH, token.credential(),
        request("worker-1", NodeBootstrapProtocol.nodeIdentity("worker-1"), keys));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.tree(r.body().getBytes());
    X509Certificate cert = Pem.readCertificates(body.get("certificate").asText()).getFirst();
    assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(ClusterCredentials.identityOf(cert)).isEqualTo(new ClientIdentity("system:node:worker-1", List.of("system:nodes")));
    cert.verify(ca.getPublicKey());
    assertThat(Pem.readCertificates(body.get("ca").asText())).containsExactly(ca);
  }

  @Test
  void aMissingOrUnknownTokenGets401WithAStatus() throws Exception {
    String body = request("worker-2", NodeBootstrapProtocol.nodeIdentity("worker-2"), CertificateRequests.newClientKeyPair());

    for (String bearer : new String[] {null, token.id() + ".aaaaaaaaaaaaaaaa", "garbage"}) {
      HttpResponse<String> r = send("POST", NodeBootstrapProtocol.CREDENTIALS_PATH, bearer, body);
      assertThat(r.statusCode()).isEqualTo(401);
      JsonNode status = Json.tree(r.body().getBytes());
      assertThat(status.get("kind").asText()).isEqualTo("Status");
      assertThat(status.get("reason").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void aRequestForAnotherIdentityIsRefused() throws Exception {
    HttpResponse<String> r = send("POST", NodeBootstrapProtocol.CREDENTIALS_PATH, token.credential(),
        request("worker-3", ClientIdentity.ADMIN, CertificateRequests.newClientKeyPair()));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("the subject must be CN=system:node:worker-3, O=system:nodes");
  }

  @Test
  void theJoinTokenOpensNothingElse() throws Exception {
    assertThat(send("GET", "/api/v1/namespaces", token.credential(), null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/namespaces", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", NodeBootstrapProtocol.CREDENTIALS_PATH, token.credential(), null).statusCode()).isEqualTo(405);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void oneAddressAskingTooOftenGets429() throws Exception {
    int limited = 0;
    for (int i = 0; i < 15; i++) {
      HttpResponse<String> r = send("POST", NodeBootstrapProtocol.CREDENTIALS_PATH, "nothing.aaaaaaaaaaaaaaaa", "{}");
      if (r.statusCode() == 429) {
        limited++;
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(limited).isPositive();
  }
}
