package dev.ketch.apiserver.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import dev.ketch.pki.Credential;
import dev.ketch.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real API server over an in-memory store, on a free port, with an HTTPS client holding the
 * admin's certificate: for tests of the API at the HTTP level.
 */
public final class InProcessApiServer implements AutoCloseable {

  /** A response: its status and JSON body. */
  public record Answer(int status, JsonNode body) {}

  private final EmbeddedStore store;
  private final ApiServer server;
  private final HttpClient http;

  private InProcessApiServer(EmbeddedStore store, ApiServer server, HttpClient http) {
    this.store = store;
    this.server = server;
    this.http = http;
  }

  public static InProcessApiServer start(Path dir) throws Exception {
    EmbeddedStore store = EmbeddedStore.inMemory();
    Path data = dir.resolve("data");
    ApiServer server = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), data));
    ClusterCredentials credentials = ClusterCredentials.open(data.resolve("tls"), Clock.systemUTC());
    HttpClient http = HttpClient.newBuilder()
        .sslContext(ssl(credentials.client("admin", ClientIdentity.ADMIN), credentials.ca().certificate())).build();
    return new InProcessApiServer(store, server, http);
  }

  public ApiServer server() {
    return server;
  }

  public EmbeddedStore store() {
    return store;
  }

  /** The HTTPS client with the admin's certificate, for requests the helpers do not cover (watches). */
  public HttpClient httpClient() {
    return http;
  }

  private static SSLContext ssl(Credential client, X509Certificate ca) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("admin", client.privateKey(), new char[0], client.chain().toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }

  /** Sends a request; any status comes back. */
  public Answer send(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body().length == 0 ? Json.mapper().nullNode() : Json.mapper().readTree(r.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Sends a JSON body (or none) and returns whatever comes back. */
  public Answer json(String method, String path, String body) {
    return send(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a JSON body (or none) and requires a 2xx answer. */
  public Answer ok(String method, String path, String body) {
    Answer a = json(method, path, body);
    assertThat(a.status()).as("%s %s: %s", method, path, a.body()).isBetween(200, 299);
    return a;
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
