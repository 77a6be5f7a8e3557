package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.apiserver.json.Json;
import dev.ketch.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubectl 1.32 and 1.33 against the real API server over an in-memory store: every
 * {@code kubectl create} generator sends a protobuf body (checked in kubectl's request log), the
 * object is stored, and {@code kubectl get -o json} reads back the fields kubectl put in it.
 */
class ProtobufKubectlIT {

  private static final String PROTOBUF_REQUEST = "Content-Type: application/vnd.kubernetes.protobuf";

  @TempDir static Path tmp;

  static EmbeddedStore store;
  static ApiServer server;
  static Path kubeconfig;
  static final Set<String> namespaces = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    store = EmbeddedStore.inMemory();
    server = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), tmp.resolve("data")));
    kubeconfig = server.kubeconfigFiles().getFirst();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static KubectlBinary kubectl(String version) {
    return new KubectlBinary(version, kubeconfig, tmp);
  }

  /** Runs a create command, which must succeed and must have sent protobuf. */
  private static void create(KubectlBinary k, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    int dashes = all.indexOf("--");
    all.add(dashes < 0 ? all.size() : dashes, "-v=7");
    KubectlBinary.Result r = k.run(all.toArray(String[]::new)).requireSuccess();
    assertThat(r.stderr()).as("kubectl %s %s sends protobuf", k.version(), String.join(" ", args)).contains(PROTOBUF_REQUEST);
  }

  private static JsonNode get(KubectlBinary k, String... args) {
    List<String> all = new ArrayList<>(List.of("get"));
    all.addAll(List.of(args));
    all.addAll(List.of("-o", "json"));
    try {
      return Json.mapper().readTree(k.run(all.toArray(String[]::new)).requireSuccess().stdout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A namespace of this kubectl version's own, created (through protobuf) on first use. */
  private static String namespace(KubectlBinary k) {
    String ns = "pb-" + k.version().replace(".", "");
    if (namespaces.add(ns)) {
      create(k, "create", "namespace", ns);
    }
    return ns;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void namespaceIsCreated(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    JsonNode got = get(k, "namespace", ns);

    assertThat(got.path("metadata").path("name").asText()).isEqualTo(ns);
    assertThat(got.path("metadata").path("uid").asText()).isNotEmpty();
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void configMapKeepsTextAndBinaryFiles(String version) throws IOException {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);
    Path text = Files.writeString(tmp.resolve("notes-" + version + ".txt"), "line one\nline two\n");
    byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
    Path bin = Files.write(tmp.resolve("blob-" + version), binary);

    create(k, "create", "configmap", "settings", "-n", ns, "--from-literal=a=b", "--from-file=notes.txt=" + text,
        "--from-file=blob=" + bin);

    JsonNode cm = get(k, "configmap", "settings", "-n", ns);
    assertThat(cm.path("data").path("a").asText()).isEqualTo("b");
    assertThat(cm.path("data").path("notes.txt").asText()).isEqualTo("line one\nline two\n");
    assertThat(cm.path("binaryData").path("blob").asText()).isEqualTo(b64(binary));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void secretsKeepBinaryDataAndType(String version) throws IOException {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);
    byte[] key = new byte[256];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    Path file = Files.write(tmp.resolve("key-" + version), key);

    create(k, "create", "secret", "generic", "creds", "-n", ns, "--from-literal=user=admin", "--from-file=key=" + file);
    create(k, "create", "secret", "docker-registry", "pull", "-n", ns, "--docker-server=registry.example",
        "--docker-username=u", "--docker-password=p");

    JsonNode generic = get(k, "secret", "creds", "-n", ns);
    assertThat(generic.path("data").path("user").asText()).isEqualTo(b64("admin".getBytes(StandardCharsets.UTF_8)));
    assertThat(generic.path("data").path("key").asText()).isEqualTo(b64(key));
    JsonNode pull = get(k, "secret", "pull", "-n", ns);
    assertThat(pull.path("type").asText()).isEqualTo("kubernetes.io/dockerconfigjson");
    String config = new String(Base64.getDecoder().decode(pull.path("data").path(".dockerconfigjson").asText()), StandardCharsets.UTF_8);
    assertThat(config).contains("registry.example").contains("\"username\":\"u\"");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void deploymentsKeepReplicasIncludingZero(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "deployment", "web", "-n", ns, "--image=nginx:1.27", "--replicas=3", "--port=80");
    create(k, "create", "deployment", "idle", "-n", ns, "--image=nginx:1.27", "--replicas=0");

    JsonNode web = get(k, "deployment", "web", "-n", ns);
    assertThat(web.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(web.path("spec").path("selector").path("matchLabels").path("app").asText()).isEqualTo("web");
    JsonNode container = web.path("spec").path("template").path("spec").path("containers").path(0);
    assertThat(container.path("image").asText()).isEqualTo("nginx:1.27");
    assertThat(container.path("ports").path(0).path("containerPort").asInt()).isEqualTo(80);
    JsonNode idle = get(k, "deployment", "idle", "-n", ns);
    assertThat(idle.path("spec").has("replicas")).as("replicas: 0 is kept, not dropped").isTrue();
    assertThat(idle.path("spec").path("replicas").asInt(-1)).isZero();
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void servicesKeepPortsAndTargetPorts(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "service", "clusterip", "front", "-n", ns, "--tcp=80:8080", "--tcp=443:https");
    int nodePort = 30000 + Integer.parseInt(version.substring(2));
    create(k, "create", "service", "nodeport", "edge", "-n", ns, "--tcp=81:8081", "--node-port=" + nodePort);
    create(k, "create", "service", "externalname", "away", "-n", ns, "--external-name=example.com");

    JsonNode front = get(k, "service", "front", "-n", ns).path("spec");
    assertThat(front.path("type").asText()).isEqualTo("ClusterIP");
    assertThat(front.path("ports").path(0).path("port").asInt()).isEqualTo(80);
    assertThat(front.path("ports").path(0).path("targetPort").isInt()).isTrue();
    assertThat(front.path("ports").path(0).path("targetPort").asInt()).isEqualTo(8080);
    assertThat(front.path("ports").path(1).path("targetPort").asText()).isEqualTo("https");
    JsonNode edge = get(k, "service", "edge", "-n", ns).path("spec");
    assertThat(edge.path("type").asText()).isEqualTo("NodePort");
    assertThat(edge.path("ports").path(0).path("nodePort").asInt()).isEqualTo(nodePort);
    JsonNode away = get(k, "service", "away", "-n", ns).path("spec");
    assertThat(away.path("externalName").asText()).isEqualTo("example.com");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void jobsCronJobsAndJobsFromCronJobs(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "job", "once", "-n", ns, "--image=busybox", "--", "echo", "hi");
    create(k, "create", "cronjob", "nightly", "-n", ns, "--image=busybox", "--schedule=0 1 * * *", "--", "date");
    create(k, "create", "job", "manual", "-n", ns, "--from=cronjob/nightly");

    JsonNode once = get(k, "job", "once", "-n", ns).path("spec").path("template").path("spec");
    assertThat(once.path("restartPolicy").asText()).isEqualTo("Never");
    assertThat(once.path("containers").path(0).path("command").toString()).isEqualTo("[\"echo\",\"hi\"]");
    JsonNode nightly = get(k, "cronjob", "nightly", "-n", ns);
    assertThat(nightly.path("spec").path("schedule").asText()).isEqualTo("0 1 * * *");
    JsonNode manual = get(k, "job", "manual", "-n", ns);
    assertThat(manual.path("metadata").path("annotations").path("cronjob.kubernetes.io/instantiate").asText()).isEqualTo("manual");
    JsonNode owner = manual.path("metadata").path("ownerReferences").path(0);
    assertThat(owner.path("kind").asText()).isEqualTo("CronJob");
    assertThat(owner.path("uid").asText()).isEqualTo(nightly.path("metadata").path("uid").asText());
    assertThat(owner.path("controller").asBoolean()).isTrue();
    assertThat(manual.path("spec").path("template").path("spec").path("containers").path(0).path("command").toString())
        .isEqualTo("[\"date\"]");
  }

  /**
   * A CronJob with a pod template full of pointer fields set to zero values, inline structs
   * (volume sources, probe handlers, key selectors) and the value types, created as JSON in the
   * form Go writes it; kubectl reads it back, builds a Job from it and sends that as protobuf.
   * The Job's spec must be the CronJob's job template, field for field (the pod spec whole), with
   * only the Job's own defaults on top.
   */
  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void richPodTemplateSurvivesTheRoundTrip(String version) throws IOException {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);
    Path file = tmp.resolve("rich-cronjob-" + version + ".json");
    try (InputStream in = ProtobufKubectlIT.class.getResourceAsStream("rich-cronjob.json")) {
      Files.write(file, in.readAllBytes());
    }
    k.run("create", "-n", ns, "-f", file.toString()).requireSuccess();

    create(k, "create", "job", "rich-now", "-n", ns, "--from=cronjob/rich");

    JsonNode template = get(k, "cronjob", "rich", "-n", ns).path("spec").path("jobTemplate");
    JsonNode job = get(k, "job", "rich-now", "-n", ns);
    // The Job's own defaults (selector, controller-uid labels, podReplacementPolicy) come on top.
    template.path("spec").properties().forEach(field -> {
      if (!field.getKey().equals("template")) {
        assertThat(job.path("spec").path(field.getKey())).as("spec." + field.getKey()).isEqualTo(field.getValue());
      }
    });
    assertThat(job.path("spec").path("template").path("spec")).isEqualTo(template.path("spec").path("template").path("spec"));
    assertThat(job.path("spec").path("template").path("metadata").path("annotations"))
        .isEqualTo(template.path("spec").path("template").path("metadata").path("annotations"));
    assertThat(job.path("metadata").path("annotations").path("note").asText()).isEqualTo("from the template");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void quotaKeepsQuantitiesAndScopes(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "quota", "limits", "-n", ns, "--hard=cpu=1500m,memory=1Gi,pods=10", "--scopes=NotTerminating");

    JsonNode spec = get(k, "resourcequota", "limits", "-n", ns).path("spec");
    assertThat(spec.path("hard").path("cpu").asText()).isEqualTo("1500m");
    assertThat(spec.path("hard").path("memory").asText()).isEqualTo("1Gi");
    assertThat(spec.path("hard").path("pods").asText()).isEqualTo("10");
    assertThat(spec.path("scopes").toString()).isEqualTo("[\"NotTerminating\"]");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void rbacObjects(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);
    String suffix = version.replace(".", "");

    create(k, "create", "role", "reader", "-n", ns, "--verb=get,list", "--resource=pods,deployments.apps", "--resource-name=a");
    create(k, "create", "rolebinding", "readers", "-n", ns, "--role=reader", "--user=alice", "--group=devs",
        "--serviceaccount=" + ns + ":robot");
    create(k, "create", "clusterrole", "logs-" + suffix, "--verb=get", "--non-resource-url=/logs/*");
    create(k, "create", "clusterrole", "agg-" + suffix, "--aggregation-rule=rbac.example.com/aggregate=true");
    create(k, "create", "clusterrolebinding", "logs-" + suffix, "--clusterrole=logs-" + suffix, "--user=bob");

    JsonNode role = get(k, "role", "reader", "-n", ns);
    assertThat(role.path("rules").size()).isEqualTo(2);
    assertThat(role.path("rules").path(0).path("verbs").toString()).isEqualTo("[\"get\",\"list\"]");
    assertThat(role.path("rules").path(0).path("resourceNames").toString()).isEqualTo("[\"a\"]");
    assertThat(role.path("rules").path(1).path("apiGroups").toString()).isEqualTo("[\"apps\"]");
    assertThat(role.path("rules").path(1).path("resources").toString()).isEqualTo("[\"deployments\"]");
    JsonNode binding = get(k, "rolebinding", "readers", "-n", ns);
    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
    assertThat(binding.path("subjects").findValuesAsText("kind")).containsExactlyInAnyOrder("User", "Group", "ServiceAccount");
    JsonNode logs = get(k, "clusterrole", "logs-" + suffix);
    assertThat(logs.path("rules").path(0).path("nonResourceURLs").toString()).isEqualTo("[\"/logs/*\"]");
    JsonNode agg = get(k, "clusterrole", "agg-" + suffix);
    assertThat(agg.path("aggregationRule").path("clusterRoleSelectors").path(0).path("matchLabels")
        .path("rbac.example.com/aggregate").asText()).isEqualTo("true");
    JsonNode clusterBinding = get(k, "clusterrolebinding", "logs-" + suffix);
    assertThat(clusterBinding.path("subjects").path(0).path("name").asText()).isEqualTo("bob");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void priorityClassesKeepTheirValueEvenZero(String version) {
    KubectlBinary k = kubectl(version);
    String suffix = version.replace(".", "");

    create(k, "create", "priorityclass", "high-" + suffix, "--value=1000", "--description=high", "--preemption-policy=Never");
    create(k, "create", "priorityclass", "zero-" + suffix, "--value=0");

    JsonNode high = get(k, "priorityclass", "high-" + suffix);
    assertThat(high.path("value").asInt()).isEqualTo(1000);
    assertThat(high.path("preemptionPolicy").asText()).isEqualTo("Never");
    assertThat(high.path("description").asText()).isEqualTo("high");
    JsonNode zero = get(k, "priorityclass", "zero-" + suffix);
    assertThat(zero.has("value")).isTrue();
    assertThat(zero.path("value").asInt(-1)).isZero();
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void disruptionBudgetsKeepPercentagesAndCounts(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "pdb", "half", "-n", ns, "--selector=app=web", "--min-available=50%");
    create(k, "create", "pdb", "one", "-n", ns, "--selector=app=web", "--max-unavailable=1");

    JsonNode half = get(k, "pdb", "half", "-n", ns).path("spec");
    assertThat(half.path("minAvailable").asText()).isEqualTo("50%");
    assertThat(half.path("selector").path("matchLabels").path("app").asText()).isEqualTo("web");
    JsonNode one = get(k, "pdb", "one", "-n", ns).path("spec");
    assertThat(one.path("maxUnavailable").isInt()).isTrue();
    assertThat(one.path("maxUnavailable").asInt()).isEqualTo(1);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void ingressKeepsRulesInline(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "ingress", "site", "-n", ns, "--class=nginx", "--rule=foo.com/bar*=svc:8080,tls=site-cert",
        "--rule=x.com/=other:http", "--default-backend=fallback:80", "--annotation=team=web");

    JsonNode ing = get(k, "ingress", "site", "-n", ns);
    JsonNode spec = ing.path("spec");
    assertThat(spec.path("ingressClassName").asText()).isEqualTo("nginx");
    assertThat(spec.path("defaultBackend").path("service").path("port").path("number").asInt()).isEqualTo(80);
    JsonNode path = spec.path("rules").path(0).path("http").path("paths").path(0);
    assertThat(spec.path("rules").path(0).path("host").asText()).isEqualTo("foo.com");
    assertThat(path.path("path").asText()).isEqualTo("/bar");
    assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
    assertThat(path.path("backend").path("service").path("name").asText()).isEqualTo("svc");
    assertThat(path.path("backend").path("service").path("port").path("number").asInt()).isEqualTo(8080);
    assertThat(spec.path("rules").path(1).path("http").path("paths").path(0).path("backend").path("service").path("port")
        .path("name").asText()).isEqualTo("http");
    assertThat(spec.path("tls").path(0).path("secretName").asText()).isEqualTo("site-cert");
    assertThat(ing.path("metadata").path("annotations").path("team").asText()).isEqualTo("web");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.32", "1.33"})
  void serviceAccountIsCreated(String version) {
    KubectlBinary k = kubectl(version);
    String ns = namespace(k);

    create(k, "create", "serviceaccount", "robot", "-n", ns);

    assertThat(get(k, "serviceaccount", "robot", "-n", ns).path("metadata").path("name").asText()).isEqualTo("robot");
  }
}
