package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.Kubectl;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubectl (1.27, 1.32, 1.33) doing server-side apply against the real API server: create,
 * unchanged re-apply, changes, conflicts with {@code kubectl scale} and {@code kubectl edit}, {@code
 * --force-conflicts}, moving from client-side apply, and {@code --show-managed-fields}.
 */
class ServerSideApplyKubectlIT {

  @TempDir static Path tmp;
  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Kubectl kubectl(String version) {
    return new Kubectl(version, api.server().kubeconfigFiles().getFirst(), tmp);
  }

  private static String namespace(Kubectl k, String purpose) {
    String ns = purpose + "-" + k.version().replace(".", "");
    k.run("create", "namespace", ns).requireSuccess();
    return ns;
  }

  private static String deployment(int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: %d
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: %s
                ports:
                - containerPort: 80
        """.formatted(replicas, image);
  }

  private static JsonNode get(Kubectl k, String ns, String what) {
    String out = k.run("get", what, "-n", ns, "-o", "json", "--show-managed-fields").requireSuccess().stdout();
    return Json.tree(out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void applyCreatesChangesAndLeavesUnchangedObjectsAlone(String version) {
    Kubectl k = kubectl(version);
    String ns = namespace(k, "ssa");
    Path v1 = k.file("web-" + version + "-v1.yaml", deployment(2, "nginx:1.25"));

    Kubectl.Result created = k.run("apply", "--server-side", "-n", ns, "-f", v1.toString()).requireSuccess();
    assertThat(created.stdout()).contains("deployment.apps/web serverside-applied");
    JsonNode first = get(k, ns, "deployment/web");
    assertThat(first.path("metadata").path("managedFields").get(0).path("manager").asText()).isEqualTo("kubectl");
    assertThat(first.path("metadata").path("managedFields").get(0).path("operation").asText()).isEqualTo("Apply");

    k.run("apply", "--server-side", "-n", ns, "-f", v1.toString()).requireSuccess();
    JsonNode again = get(k, ns, "deployment/web");
    assertThat(again.path("metadata").path("resourceVersion").asText())
        .as("an unchanged apply stores nothing").isEqualTo(first.path("metadata").path("resourceVersion").asText());

    Path v2 = k.file("web-" + version + "-v2.yaml", deployment(2, "nginx:1.27"));
    Kubectl.Result diff = k.run("diff", "--server-side", "-n", ns, "-f", v2.toString());
    assertThat(diff.exitCode()).as("kubectl diff finds the change: %s", diff.output()).isEqualTo(1);
    assertThat(diff.stdout()).contains("-      - image: nginx:1.25", "+      - image: nginx:1.27");
    assertThat(k.run("apply", "--server-side", "--dry-run=server", "-n", ns, "-f", v2.toString()).requireSuccess().stdout())
        .contains("serverside-applied (server dry run)");
    assertThat(get(k, ns, "deployment/web").path("metadata").path("resourceVersion").asText())
        .as("dry runs store nothing").isEqualTo(first.path("metadata").path("resourceVersion").asText());
    k.run("apply", "--server-side", "-n", ns, "-f", v2.toString()).requireSuccess();
    JsonNode changed = get(k, ns, "deployment/web");
    assertThat(changed.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText())
        .isEqualTo("nginx:1.27");

    String yaml = k.run("get", "deployment/web", "-n", ns, "-o", "yaml", "--show-managed-fields").requireSuccess().stdout();
    assertThat(yaml).contains("managedFields:", "manager: kubectl", "operation: Apply", "fieldsType: FieldsV1",
        "f:replicas: {}", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}:");
    assertThat(k.run("get", "deployment/web", "-n", ns, "-o", "yaml").requireSuccess().stdout()).doesNotContain("managedFields");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void scaleAndEditTakeFieldsAndTheNextApplyConflictsUnlessForced(String version) {
    Kubectl k = kubectl(version);
    String ns = namespace(k, "conflict");
    Path v1 = k.file("conflict-" + version + "-v1.yaml", deployment(2, "nginx:1.25"));
    k.run("apply", "--server-side", "-n", ns, "-f", v1.toString()).requireSuccess();

    k.run("scale", "deployment/web", "-n", ns, "--replicas=5").requireSuccess();
    Path v3 = k.file("conflict-" + version + "-v3.yaml", deployment(3, "nginx:1.25"));
    Kubectl.Result conflict = k.run("apply", "--server-side", "-n", ns, "-f", v3.toString());
    assertThat(conflict.exitCode()).isNotZero();
    // kubectl scale names no field manager: the server takes the program name of its user agent.
    assertThat(conflict.stderr()).contains("Apply failed with 1 conflict: conflict with \"kubectl." + version
        + "\" with subresource \"scale\" using apps/v1: .spec.replicas");

    k.run("apply", "--server-side", "--force-conflicts", "-n", ns, "-f", v3.toString()).requireSuccess();
    assertThat(get(k, ns, "deployment/web").path("spec").path("replicas").asInt()).isEqualTo(3);

    Kubectl editor = k.withEnvironment("KUBE_EDITOR", "sed -i -e s/replicas:\\ 3/replicas:\\ 4/");
    editor.run("edit", "deployment/web", "-n", ns).requireSuccess();
    JsonNode edited = get(k, ns, "deployment/web");
    assertThat(edited.path("spec").path("replicas").asInt()).isEqualTo(4);
    Kubectl.Result afterEdit = k.run("apply", "--server-side", "-n", ns, "-f", v3.toString());
    assertThat(afterEdit.exitCode()).isNotZero();
    assertThat(afterEdit.stderr())
        .contains("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void objectsOfClientSideApplyMoveToServerSideApplyWithoutConflicts(String version) {
    Kubectl k = kubectl(version);
    String ns = namespace(k, "csa");
    Path v1 = k.file("csa-" + version + "-v1.yaml", deployment(2, "nginx:1.25"));
    k.run("apply", "-n", ns, "-f", v1.toString()).requireSuccess();
    assertThat(get(k, ns, "deployment/web").path("metadata").path("managedFields").get(0).path("manager").asText())
        .isEqualTo("kubectl-client-side-apply");

    Path v2 = k.file("csa-" + version + "-v2.yaml", deployment(3, "nginx:1.27"));
    k.run("apply", "--server-side", "-n", ns, "-f", v2.toString()).requireSuccess();
    JsonNode moved = get(k, ns, "deployment/web");
    assertThat(moved.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(moved.path("metadata").path("annotations").path("kubectl.kubernetes.io/last-applied-configuration").asText())
        .contains("nginx:1.27");
  }
}
