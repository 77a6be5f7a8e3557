package dev.ketch.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ketch.apiserver.discovery.DiscoveryEndpoint;
import dev.ketch.apiserver.discovery.DiscoveryOptions;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.openapi.DiscoveryTestServer.Request;
import dev.ketch.apiserver.resource.ResourceCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real kubectl (1.27, 1.28, 1.32, 1.33) against the production discovery and OpenAPI endpoints,
 * served over plain HTTP by {@link DiscoveryTestServer}. Two servers:
 *
 * <ul>
 *   <li>{@code upstream}: aggregated discovery on and {@code fieldValidation} advertised, as
 *       kube-apiserver; with that, kubectl leaves unknown-field checks to the server;
 *   <li>{@code legacy}: unaggregated discovery only and no {@code fieldValidation}, so kubectl
 *       validates manifests itself against {@code /openapi/v2} (protobuf).
 * </ul>
 */
class KubectlCompatibilityIT {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        strategy:
          type: RollingUpdate
          rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: nginx:1.27
              ports:
              - containerPort: 80
              resources:
                limits: {cpu: 500m, memory: 128Mi}
                requests: {cpu: 0.1, memory: "64Mi"}
      """;
  private static final String UNKNOWN_FIELD = DEPLOYMENT.replace("  replicas: 2\n", "  replicas: 2\n  foo: bar\n");

  /** What was applied before: one more container than the manifest, an older image. */
  private static final String PREVIOUSLY_APPLIED =
      """
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
       "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
         "spec":{"containers":[{"name":"web","image":"nginx:1.26"},{"name":"side","image":"busybox"}]}}}}
      """;

  /** The object on the server before an apply that patches it, as kubectl apply left it. */
  private static ObjectNode existing() {
    ObjectNode object = (ObjectNode) Json.tree(PREVIOUSLY_APPLIED.getBytes(StandardCharsets.UTF_8));
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    metadata.put("resourceVersion", "5").put("uid", "3b2a");
    metadata.putObject("annotations").put("kubectl.kubernetes.io/last-applied-configuration", Json.tree(PREVIOUSLY_APPLIED.getBytes(StandardCharsets.UTF_8)).toString());
    return object;
  }

  @TempDir static Path work;
  private static DiscoveryTestServer upstream;
  private static DiscoveryTestServer legacy;
  private static Path good;
  private static Path unknownField;

  @BeforeAll
  static void start() throws IOException {
    ResourceCatalog catalog = ResourceCatalog.builtIn();
    OpenApiDocuments upstreamDocs = OpenApiDocuments.build(catalog, OpenApiOptions.upstream("v1.32.0", new TablePatchHints()));
    upstream =
        new DiscoveryTestServer(
            new DiscoveryEndpoint(catalog, DiscoveryOptions.of("127.0.0.1:6443")),
            new OpenApiEndpoint(upstreamDocs, Clock.systemUTC()),
            new UnknownFields(upstreamDocs.schemas()));
    OpenApiDocuments legacyDocs =
        OpenApiDocuments.build(catalog, OpenApiOptions.upstream("v1.32.0", new TablePatchHints()).withFieldValidation(false));
    legacy =
        new DiscoveryTestServer(
            new DiscoveryEndpoint(catalog, DiscoveryOptions.of("127.0.0.1:6443").withAggregated(false)),
            new OpenApiEndpoint(legacyDocs, Clock.systemUTC()),
            new UnknownFields(legacyDocs.schemas()));
    good = Files.writeString(work.resolve("deployment.yaml"), DEPLOYMENT);
    unknownField = Files.writeString(work.resolve("unknown-field.yaml"), UNKNOWN_FIELD);
  }

  @AfterAll
  static void stop() {
    upstream.close();
    legacy.close();
  }

  @BeforeEach
  void forget() {
    upstream.clearRequests();
    legacy.clearRequests();
  }

  private static Kubectl kubectl(String version, DiscoveryTestServer server) {
    return new Kubectl(version, server.url(), work);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void apiResourcesFromAggregatedDiscovery(String version) {
    Kubectl.Result r = kubectl(version, upstream).run("api-resources");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertApiResources(r.stdout());
    // Aggregated discovery replaces every per-group-version request.
    assertThat(upstream.requests()).extracting(Request::path).doesNotContain("/api/v1", "/apis/apps/v1");
    String expected = version.compareTo("1.30") < 0 ? "v=v2beta1" : "v=v2";
    assertThat(upstream.requests()).filteredOn(q -> q.path().equals("/apis")).first()
        .extracting(Request::accept).asString().contains("g=apidiscovery.k8s.io;" + expected);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void apiResourcesFromLegacyDiscovery(String version) {
    Kubectl.Result r = kubectl(version, legacy).run("api-resources");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertApiResources(r.stdout());
    assertThat(legacy.requests()).extracting(Request::path).contains("/api/v1", "/apis/apps/v1", "/apis/policy/v1");
  }

  private static void assertApiResources(String out) {
    assertThat(out)
        .containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod$")
        .containsPattern("(?m)^services\\s+svc\\s+v1\\s+true\\s+Service$")
        .containsPattern("(?m)^nodes\\s+no\\s+v1\\s+false\\s+Node$")
        .containsPattern("(?m)^deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment$")
        .containsPattern("(?m)^statefulsets\\s+sts\\s+apps/v1\\s+true\\s+StatefulSet$")
        .containsPattern("(?m)^cronjobs\\s+cj\\s+batch/v1\\s+true\\s+CronJob$")
        .containsPattern("(?m)^poddisruptionbudgets\\s+pdb\\s+policy/v1\\s+true\\s+PodDisruptionBudget$")
        .containsPattern("(?m)^clusterroles\\s+rbac.authorization.k8s.io/v1\\s+false\\s+ClusterRole$")
        .doesNotContain("pods/status", "deployments/scale");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void apiVersions(String version) {
    Kubectl.Result r = kubectl(version, upstream).run("api-versions");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout().lines().toList())
        .contains("v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1",
            "coordination.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void explainPodContainers(String version) {
    Kubectl.Result r = kubectl(version, upstream).run("explain", "pod.spec.containers");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout())
        .contains("KIND:", "Pod", "containers <[]Container>")
        .containsPattern("(?m)^\\s+image\\s+<string>")
        .containsPattern("(?m)^\\s+ports\\s+<\\[]ContainerPort>")
        .containsPattern("(?m)^\\s+resources\\s+<ResourceRequirements>")
        .containsPattern("(?m)^\\s+env\\s+<\\[]EnvVar>");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void explainDeploymentStrategy(String version) {
    Kubectl.Result r = kubectl(version, upstream).run("explain", "deployment.spec.strategy");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout())
        .contains("GROUP:      apps", "KIND:       Deployment", "strategy <DeploymentStrategy>")
        .containsPattern("(?m)^\\s+rollingUpdate\\s+<RollingUpdateDeployment>")
        .containsPattern("(?m)^\\s+type\\s+<string>");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void clientDryRunAcceptsAValidDeployment(String version) {
    for (DiscoveryTestServer server : List.of(upstream, legacy)) {
      Kubectl.Result r = kubectl(version, server).run("apply", "--dry-run=client", "--validate=strict", "-f", good.toString());

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).contains("deployment.apps/web created (dry run)");
    }
  }

  /** Without server-side field validation kubectl validates against /openapi/v2 itself. */
  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void clientDryRunRejectsAnUnknownFieldFromTheSchema(String version) {
    Kubectl.Result r = kubectl(version, legacy).run("apply", "--dry-run=client", "--validate=strict", "-f", unknownField.toString());

    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.stderr()).contains("ValidationError(Deployment.spec): unknown field \"foo\" in io.k8s.api.apps.v1.DeploymentSpec");
    assertThat(legacy.requests()).extracting(Request::path).contains("/openapi/v2");
    assertThat(legacy.requests()).filteredOn(q -> q.path().equals("/openapi/v2")).first()
        .extracting(Request::accept).isEqualTo(OpenApiEndpoint.PROTOBUF_V2);
  }

  /**
   * With fieldValidation advertised on the PATCH operations, kubectl skips its own validation —
   * against kube-apiserver too — and the server rejects the field under fieldValidation=Strict.
   */
  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void unknownFieldIsLeftToTheServerWhenItValidates(String version) {
    Kubectl kubectl = kubectl(version, upstream);

    Kubectl.Result client = kubectl.run("apply", "--dry-run=client", "--validate=strict", "-f", unknownField.toString());
    Kubectl.Result server = kubectl.run("apply", "--dry-run=server", "--validate=strict", "-f", unknownField.toString());

    assertThat(client.exitCode()).as(client.output()).isZero();
    assertThat(server.exitCode()).as(server.output()).isNotZero();
    assertThat(server.stderr()).contains("strict decoding error: unknown field \"spec.foo\"");
    assertThat(upstream.requests()).filteredOn(q -> q.method().equals("POST")).singleElement()
        .satisfies(q -> assertThat(q.query()).contains("fieldValidation=Strict", "dryRun=All"));
  }

  /**
   * Client-side apply of a changed object computes a strategic merge patch from the published
   * patch metadata: from v3 since kubectl 1.29, from v2 before. The merge key of containers shows
   * as $setElementOrder and a $patch delete of the dropped container.
   */
  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.28", "1.32", "1.33"})
  void applyPatchesWithThePublishedMergeKeys(String version) {
    upstream.putObject("/apis/apps/v1/namespaces/default/deployments/web", existing());
    try {
      Kubectl.Result r = kubectl(version, upstream).run("apply", "--dry-run=server", "-f", good.toString());

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(upstream.requests()).filteredOn(q -> q.method().equals("PATCH")).singleElement()
          .satisfies(q -> {
            assertThat(q.contentType()).isEqualTo("application/strategic-merge-patch+json");
            assertThat(q.body()).contains("\"$setElementOrder/containers\":[{\"name\":\"web\"}]", "{\"$patch\":\"delete\",\"name\":\"side\"}");
          });
    } finally {
      upstream.removeObject("/apis/apps/v1/namespaces/default/deployments/web");
    }
  }
}
