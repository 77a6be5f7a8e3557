package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.InProcessApiServer.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side apply and managed fields through the real HTTP path, with Kubernetes' policies in force. */
class ServerSideApplyIT {

  private static final String APPLY = "application/apply-patch+yaml";
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/ssa/deployments";
  @TempDir static Path tmp;
  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    api.ok("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ssa\"}}");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String deployment(String name, int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          labels: {app: %s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
              - name: web
                image: %s
        """.formatted(name, name, replicas, name, name, image);
  }

  private static Answer apply(String path, String manager, String yaml, String extraQuery) {
    String query = "?fieldManager=" + manager + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
    return api.send("PATCH", path + query, APPLY, yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> managers(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.path("metadata").path("managedFields").forEach(e -> out.add(e.path("manager").asText() + "/" + e.path("operation").asText()
        + (e.has("subresource") ? "/" + e.path("subresource").asText() : "")));
    return out;
  }

  @Test
  void applyCreatesThenLeavesAnUnchangedObjectAlone() {
    Answer created = apply(DEPLOYMENTS + "/first", "tester", deployment("first", 2, "nginx:1"), "");
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    assertThat(managers(created.body())).containsExactly("tester/Apply");
    assertThat(created.body().path("spec").path("strategy").path("type").asText()).as("defaulted").isEqualTo("RollingUpdate");
    String rv = created.body().path("metadata").path("resourceVersion").asText();

    Answer again = apply(DEPLOYMENTS + "/first", "tester", deployment("first", 2, "nginx:1"), "");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(created.body());
    assertThat(again.body().path("metadata").path("resourceVersion").asText()).isEqualTo(rv);

    Answer changed = apply(DEPLOYMENTS + "/first", "tester", deployment("first", 3, "nginx:2"), "");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body().path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(changed.body().path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void updatesRecordTheirManagerAndConflictWithTheNextApply() {
    apply(DEPLOYMENTS + "/second", "tester", deployment("second", 2, "nginx:1"), "");
    Answer scaled = api.send("PATCH", DEPLOYMENTS + "/second/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":5}}".getBytes(StandardCharsets.UTF_8));
    assertThat(scaled.status()).isEqualTo(200);
    JsonNode live = api.ok("GET", DEPLOYMENTS + "/second", null).body();
    assertThat(managers(live)).contains("tester/Apply", "Java-http-client/Update/scale");

    Answer conflict = apply(DEPLOYMENTS + "/second", "tester", deployment("second", 3, "nginx:1"), "");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.body().path("reason").asText()).isEqualTo("Conflict");
    assertThat(conflict.body().path("message").asText()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"Java-http-client\" with subresource \"scale\" using apps/v1: .spec.replicas");
    assertThat(conflict.body().path("details").path("causes").get(0).path("reason").asText()).isEqualTo("FieldManagerConflict");

    Answer forced = apply(DEPLOYMENTS + "/second", "tester", deployment("second", 3, "nginx:1"), "force=true");
    assertThat(forced.status()).isEqualTo(200);
    assertThat(forced.body().path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(managers(forced.body())).containsExactly("tester/Apply");
  }

  @Test
  void applyRequiresAFieldManager() {
    Answer a = api.send("PATCH", DEPLOYMENTS + "/x", APPLY, deployment("x", 1, "nginx").getBytes(StandardCharsets.UTF_8));
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.body().path("message").asText())
        .isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
  }
}
