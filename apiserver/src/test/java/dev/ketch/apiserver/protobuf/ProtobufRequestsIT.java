package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.InProcessApiServer.Answer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.apiserver.json.Json;
import dev.ketch.pki.ClientIdentity;
import dev.ketch.pki.ClusterCredentials;
import dev.ketch.pki.Credential;
import dev.ketch.store.embedded.EmbeddedStore;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Policy;
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
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protobuf bodies that kubectl's create commands do not send but Go clients do, over HTTPS to the
 * real server: the subresources' Eviction and Scale, DeleteOptions on DELETE, and the
 * answers to bodies the server cannot read (a Status, never a stack trace).
 */
class ProtobufRequestsIT {

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final String NS = "wire";

  @TempDir static Path tmp;

  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    json("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NS + "\"}}");
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static Answer send(String method, String path, String contentType, byte[] body) {
    return api.send(method, path, contentType, body);
  }

  private static Answer json(String method, String path, String body) {
    return api.ok(method, path, body);
  }

  private static Answer protobuf(String method, String path, byte[] body) {
    return send(method, path, PROTOBUF, body);
  }

  private static void pod(String name, String node) {
    String nodeName = node == null ? "" : ",\"nodeName\":\"" + node + "\"";
    json("POST", "/api/v1/namespaces/" + NS + "/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
         "spec":{"containers":[{"name":"c","image":"busybox"}]%s}}""".formatted(name, nodeName));
  }

  private static Answer getPod(String name) {
    return send("GET", "/api/v1/namespaces/" + NS + "/pods/" + name, null, null);
  }

  @Test
  void evictionWithAZeroGracePeriodDeletesAtOnce() {
    pod("evict-now", "node-a");
    pod("evict-later", "node-a");

    Answer now = protobuf("POST", "/api/v1/namespaces/" + NS + "/pods/evict-now/eviction", Wire.envelope("policy/v1", "Eviction",
        V1Policy.Eviction.newBuilder().setMetadata(Wire.meta("evict-now").setNamespace(NS))
            .setDeleteOptions(Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0)).build()));
    Answer later = protobuf("POST", "/api/v1/namespaces/" + NS + "/pods/evict-later/eviction", Wire.envelope("policy/v1", "Eviction",
        V1Policy.Eviction.newBuilder().setMetadata(Wire.meta("evict-later").setNamespace(NS)).build()));

    assertThat(now.status()).as(now.body().toString()).isEqualTo(201);
    assertThat(getPod("evict-now").status()).isEqualTo(404);
    assertThat(later.status()).as(later.body().toString()).isEqualTo(201);
    JsonNode waiting = getPod("evict-later").body();
    assertThat(waiting.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(30);
  }

  @Test
  void deleteOptionsInProtobufAreHonoured() {
    pod("guarded", "node-a");
    pod("gone", "node-a");

    Answer refused = protobuf("DELETE", "/api/v1/namespaces/" + NS + "/pods/guarded", Wire.envelope("v1", "DeleteOptions",
        Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0).setPreconditions(Meta.Preconditions.newBuilder().setUid("not-its-uid")).build()));
    Answer deleted = protobuf("DELETE", "/api/v1/namespaces/" + NS + "/pods/gone", Wire.envelope("v1", "DeleteOptions",
        Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0).build()));

    assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
    assertThat(getPod("guarded").status()).isEqualTo(200);
    assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
    assertThat(getPod("gone").status()).isEqualTo(404);
  }

  @Test
  void scaleBodies() {
    json("POST", "/apis/apps/v1/namespaces/" + NS + "/deployments", """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");

    Answer scaled = protobuf("PUT", "/apis/apps/v1/namespaces/" + NS + "/deployments/web/scale", Wire.envelope("autoscaling/v1", "Scale",
        V1Autoscaling.Scale.newBuilder().setMetadata(Wire.meta("web").setNamespace(NS))
            .setSpec(V1Autoscaling.ScaleSpec.newBuilder().setReplicas(5)).build()));

    assertThat(scaled.status()).as(scaled.body().toString()).isEqualTo(200);
    assertThat(scaled.body().path("spec").path("replicas").asInt()).isEqualTo(5);
    assertThat(send("GET", "/apis/apps/v1/namespaces/" + NS + "/deployments/web", null, null).body().path("spec").path("replicas").asInt())
        .isEqualTo(5);
  }

  @Test
  void unreadableBodiesAreAnsweredWithAStatus() {
    String configMaps = "/api/v1/namespaces/" + NS + "/configmaps";
    byte[] configMap = Wire.envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(Wire.meta("c")).build());

    assertStatus(protobuf("POST", configMaps, "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8)), 400, "BadRequest",
        "does not appear to be a protobuf message");
    assertStatus(protobuf("POST", configMaps, Wire.envelope("v1", "Frobnicator", ByteString.EMPTY)), 400, "BadRequest",
        "no kind \"Frobnicator\" is registered for version \"v1\"");
    assertStatus(protobuf("POST", configMaps, Wire.envelope("example.com/v1", "ConfigMap", ByteString.EMPTY)), 400, "BadRequest",
        "no kind \"ConfigMap\" is registered for version \"example.com/v1\"");
    assertStatus(protobuf("POST", configMaps, Arrays.copyOf(configMap, configMap.length - 3)), 400, "BadRequest", "malformed");
    assertStatus(protobuf("POST", configMaps, Wire.withMagic(Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
        .setContentEncoding("gzip").setRaw(ByteString.copyFrom(new byte[] {31, -117})).build())), 415, "UnsupportedMediaType", "gzip");
    assertStatus(protobuf("POST", "/api/v1/namespaces/" + NS + "/secrets", configMap), 400, "BadRequest", "ConfigMap");
  }

  private static void assertStatus(Answer a, int code, String reason, String messagePart) {
    assertThat(a.status()).as(a.body().toString()).isEqualTo(code);
    assertThat(a.body().path("kind").asText()).isEqualTo("Status");
    assertThat(a.body().path("reason").asText()).isEqualTo(reason);
    assertThat(a.body().path("message").asText()).contains(messagePart).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
