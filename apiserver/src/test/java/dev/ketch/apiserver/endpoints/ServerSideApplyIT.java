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

  @Test
  void dryRunAppliesNothing() {
    Answer dry = apply(DEPLOYMENTS + "/dry", "tester", deployment("dry", 1, "nginx"), "dryRun=All");
    assertThat(dry.status()).isEqualTo(201);
    assertThat(managers(dry.body())).containsExactly("tester/Apply");
    assertThat(api.json("GET", DEPLOYMENTS + "/dry", null).status()).isEqualTo(404);
  }

  @Test
  void theStatusSubresourceAppliesStatusOnly() {
    apply(DEPLOYMENTS + "/status-target", "tester", deployment("status-target", 1, "nginx"), "");
    String status = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: status-target}
        spec: {replicas: 9}
        status: {replicas: 1, readyReplicas: 1}
        """;
    Answer a = apply(DEPLOYMENTS + "/status-target/status", "controller", status, "");
    assertThat(a.status()).as("%s", a.body()).isEqualTo(200);
    assertThat(a.body().path("status").path("readyReplicas").asInt()).isEqualTo(1);
    assertThat(a.body().path("spec").path("replicas").asInt()).as("spec is not the status writer's").isEqualTo(1);
    assertThat(managers(a.body())).contains("controller/Apply/status");
    assertThat(apply(DEPLOYMENTS + "/absent/status", "controller", status.replace("status-target", "absent"), "").status())
        .isEqualTo(404);
  }

  @Test
  void repeatedKeysAreRefusedUnderStrictValidationAndReportedUnderWarn() {
    String doubled = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\ndata:\n  a: '1'\n  a: '2'\n";
    Answer strict = apply("/api/v1/namespaces/ssa/configmaps/twice", "tester", doubled, "fieldValidation=Strict");
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.body().path("message").asText())
        .isEqualTo("error strict decoding patch: yaml: unmarshal errors:\n  line 6: key \"a\" already set in map");
    Answer warned = apply("/api/v1/namespaces/ssa/configmaps/twice", "tester", doubled, "fieldValidation=Warn");
    assertThat(warned.status()).isEqualTo(201);
    assertThat(warned.body().path("data").path("a").asText()).isEqualTo("2");
  }

  @Test
  void unknownFieldsFailTheApplyAsUpstream() {
    Answer a = apply("/api/v1/namespaces/ssa/configmaps/unknown", "tester",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unknown}\ndatta: {a: b}\n", "");
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.body().path("message").asText()).isEqualTo(
        "failed to create typed patch object (/unknown; /v1, Kind=ConfigMap): .datta: field not declared in schema");
  }

  @Test
  void writeOptionsAreCheckedAsUpstream() {
    api.ok("POST", "/api/v1/namespaces/ssa/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"opts\"},\"data\":{\"k\":\"v\"}}");
    Answer forced = api.send("PATCH", "/api/v1/namespaces/ssa/configmaps/opts?force=true", "application/merge-patch+json",
        "{\"data\":{\"a\":\"b\"}}".getBytes(StandardCharsets.UTF_8));
    assertThat(forced.status()).isEqualTo(422);
    assertThat(forced.body().path("message").asText())
        .isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
    Answer longName = api.json("POST", "/api/v1/namespaces/ssa/configmaps?fieldManager=" + "m".repeat(129),
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"long\"}}");
    assertThat(longName.status()).isEqualTo(422);
    assertThat(longName.body().path("message").asText()).startsWith("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long");
    // A write that names no manager is recorded under the program name of its user agent.
    JsonNode created = api.ok("GET", "/api/v1/namespaces/ssa/configmaps/opts", null).body();
    assertThat(managers(created)).containsExactly("Java-http-client/Update");
  }
}
