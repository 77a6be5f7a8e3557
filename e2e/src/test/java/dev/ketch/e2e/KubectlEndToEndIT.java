package dev.ketch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.testing.launcher.Command;
import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `bin/ketch server` driven by stock kubectl of several versions, as a user would drive a real
 * cluster: apply and re-apply, every output format, label, annotate, patches of each type, edit,
 * watch, deletion with finalizers, invalid input, and a restart.
 */
class KubectlEndToEndIT {

  private static final AtomicInteger NAMES = new AtomicInteger();
  @TempDir static Path tmp;
  private static KetchProcess ketch;
  private static int etcdPort;
  private static int httpsPort;

  @BeforeAll
  static void start() {
    etcdPort = KetchProcess.freePort();
    httpsPort = KetchProcess.freePort();
    ketch = startServer();
  }

  private static KetchProcess startServer() {
    return KetchProcess.start(tmp.resolve("logs"), Duration.ofSeconds(120),
        "server", "--disable-agent", "--data-dir", tmp.resolve("data").toString(),
        "--etcd-listen", "127.0.0.1:" + etcdPort, "--https-listen", "127.0.0.1:" + httpsPort);
  }

  @AfterAll
  static void stop() {
    if (ketch != null) {
      ketch.close();
    }
  }

  private static Path kubeconfig() {
    return tmp.resolve("data/kubeconfig");
  }

  private static Kubectl kubectl(int minor) {
    return minor == 0 ? Kubectl.defaultVersion(kubeconfig()) : Kubectl.version(minor, kubeconfig());
  }

  private static String unique(String base) {
    return base + "-" + NAMES.incrementAndGet();
  }

  private static Path manifest(String resource, String name) throws IOException {
    try (InputStream in = KubectlEndToEndIT.class.getResourceAsStream("/manifests/" + resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAME", name);
      Path file = Files.createTempFile(tmp, name, ".yaml");
      Files.writeString(file, text);
      return file;
    }
  }

  private static Path write(String text) throws IOException {
    Path file = Files.createTempFile(tmp, "manifest", ".yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theLauncherPrintsTheKubeconfigAndWhatToRunNext() {
    assertThat(ketch.output())
        .contains("API server:     https://127.0.0.1:" + httpsPort)
        .contains("kubeconfig:     " + kubeconfig())
        .contains("Try: kubectl --kubeconfig " + kubeconfig() + " get namespaces");
    assertThat(kubectl(0).ok("get", "namespaces", "-o", "name"))
        .contains("namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/kube-node-lease");
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(ints = {27, 0, 33})
  void applyThenReapplyAChangedManifest(int minor) throws IOException {
    Kubectl k = kubectl(minor);
    String name = unique("web");
    assertThat(k.ok("apply", "-f", manifest("deployment-v1.yaml", name).toString())).contains("deployment.apps/" + name + " created");
    assertThat(k.ok("apply", "-f", manifest("deployment-v2.yaml", name).toString())).contains("deployment.apps/" + name + " configured");
    String containers = k.ok("get", "deployment", name, "-o",
        "jsonpath={range .spec.template.spec.containers[*]}{.name}:{.env[*].name}={.env[*].value}:{.ports[*].containerPort};{end}");
    // helper removed, sidecar added, an env entry changed and one removed, a port added.
    assertThat(containers).isEqualTo("web:MODE=two:80 443;sidecar:=:;");
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
    // Re-applying the same manifest changes nothing.
    String rv = k.ok("get", "deployment", name, "-o", "jsonpath={.metadata.resourceVersion}");
    assertThat(k.ok("apply", "-f", manifest("deployment-v2.yaml", name).toString())).contains("unchanged");
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.metadata.resourceVersion}")).isEqualTo(rv);
  }

  /** The create generators: from kubectl 1.32 their bodies are protobuf, before that JSON. */
  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(ints = {27, 0, 33})
  void createGenerators(int minor) throws IOException {
    Kubectl k = kubectl(minor);
    String ns = unique("gen");
    String suffix = ns.substring(ns.lastIndexOf('-') + 1);
    Path file = write("line one\n");
    assertThat(k.ok("create", "namespace", ns)).contains("namespace/" + ns + " created");
    assertThat(k.ok("create", "configmap", "cm", "-n", ns, "--from-literal=a=b", "--from-file=notes=" + file)).contains("created");
    assertThat(k.ok("create", "secret", "generic", "s", "-n", ns, "--from-literal=user=admin")).contains("created");
    assertThat(k.ok("create", "deployment", "web", "-n", ns, "--image=nginx", "--replicas=2", "--port=80")).contains("created");
    assertThat(k.ok("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080")).contains("created");
    assertThat(k.ok("create", "cronjob", "tick", "-n", ns, "--image=busybox", "--schedule=@hourly", "--", "date")).contains("created");
    assertThat(k.ok("create", "job", "tick-now", "-n", ns, "--from=cronjob/tick")).contains("created");
    assertThat(k.ok("create", "quota", "q", "-n", ns, "--hard=pods=10,memory=1Gi")).contains("created");
    assertThat(k.ok("create", "role", "r", "-n", ns, "--verb=get", "--resource=pods")).contains("created");
    assertThat(k.ok("create", "rolebinding", "rb", "-n", ns, "--role=r", "--user=alice")).contains("created");
    assertThat(k.ok("create", "priorityclass", "pc-" + suffix, "--value=0")).contains("created");
    assertThat(k.ok("create", "pdb", "p", "-n", ns, "--selector=app=web", "--min-available=50%")).contains("created");
    assertThat(k.ok("create", "ingress", "i", "-n", ns, "--rule=example.com/*=web:80")).contains("created");
    assertThat(k.ok("create", "serviceaccount", "robot", "-n", ns)).contains("created");

    assertThat(k.ok("get", "configmap", "cm", "-n", ns, "-o", "jsonpath={.data.a}/{.data.notes}")).isEqualTo("b/line one\n");
    assertThat(k.ok("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
    assertThat(k.ok("get", "service", "web", "-n", ns, "-o", "jsonpath={.spec.ports[0].targetPort}")).isEqualTo("8080");
    assertThat(k.ok("get", "job", "tick-now", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences[0].name}")).isEqualTo("tick");
    assertThat(k.ok("get", "priorityclass", "pc-" + suffix, "-o", "jsonpath={.value}")).isEqualTo("0");
    assertThat(k.ok("get", "ingress", "i", "-n", ns, "-o", "jsonpath={.spec.rules[0].http.paths[0].backend.service.name}")).isEqualTo("web");
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(ints = {27, 0, 33})
  void everyOutputFormat(int minor) throws IOException {
    Kubectl k = kubectl(minor);
    String name = unique("fmt");
    k.ok("apply", "-f", manifest("deployment-v1.yaml", name).toString());
    assertThat(k.ok("get", "deployments")).contains("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", name);
    assertThat(k.ok("get", "deployments", "-o", "wide")).contains("CONTAINERS", "IMAGES", "SELECTOR", "web,helper", "app=" + name);
    assertThat(k.ok("get", "deployment", name, "-o", "yaml")).contains("kind: Deployment", "name: " + name, "resourceVersion:");
    assertThat(k.ok("get", "deployment", name, "-o", "json")).contains("\"kind\": \"Deployment\"");
    assertThat(k.ok("get", "deployment", name, "-o", "name")).isEqualTo("deployment.apps/" + name + "\n");
    assertThat(k.ok("get", "deployment", name, "-o", "custom-columns=N:.metadata.name,R:.spec.replicas")).contains(name + "   2");
    assertThat(k.ok("get", "deployment", name, "-o", "go-template={{.metadata.name}}")).isEqualTo(name);
    assertThat(k.ok("get", "deployments", "-A")).contains("NAMESPACE", "default");
    assertThat(k.ok("get", "deployments", "--show-labels")).contains("app=" + name);
    assertThat(k.ok("get", "deployments", "-l", "app=" + name, "-o", "name")).isEqualTo("deployment.apps/" + name + "\n");
    assertThat(k.ok("get", "deployments", "--field-selector", "metadata.name=" + name, "-o", "name")).contains(name);
    assertThat(k.ok("get", "deployments", "--sort-by", ".metadata.name")).contains(name);
    assertThat(k.ok("describe", "deployment", name)).contains("Name:", name, "Replicas:");
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(ints = {27, 0, 33})
  void labelAnnotatePatchScaleAndEdit(int minor) throws IOException {
    Kubectl k = kubectl(minor);
    String name = unique("edit");
    k.ok("apply", "-f", manifest("deployment-v1.yaml", name).toString());
    k.ok("label", "deployment", name, "tier=frontend");
    k.ok("annotate", "deployment", name, "note=hello");
    k.ok("patch", "deployment", name, "--type=merge", "-p", "{\"spec\":{\"replicas\":5}}");
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.spec.replicas}")).isEqualTo("5");
    k.ok("patch", "deployment", name, "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]");
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.spec.replicas}")).isEqualTo("4");
    k.ok("patch", "deployment", name, "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"busybox:1.37\"}]}}}}");
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.spec.template.spec.containers[*].image}"))
        .isEqualTo("busybox:1.37 busybox:1.36");
    k.ok("scale", "deployment", name, "--replicas=1");
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.spec.replicas}")).isEqualTo("1");
    Path editor = write("#!/bin/sh\nsed -i 's/note: hello/note: edited/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    k.withEnv("KUBE_EDITOR", editor.toString()).ok("edit", "deployment", name);
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.metadata.labels.tier} {.metadata.annotations.note}"))
        .isEqualTo("frontend edited");
    k.ok("label", "deployment", name, "tier-");
    assertThat(k.ok("get", "deployment", name, "--show-labels")).doesNotContain("tier=");
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(ints = {27, 0, 33})
  void watchSeesChanges(int minor) throws Exception {
    Kubectl k = kubectl(minor);
    String name = unique("watched");
    Path out = Files.createTempFile(tmp, "watch", ".out");
    k.ok("apply", "-f", write(configMap(name, "1")).toString());
    Process watch = k.start(out, "get", "configmaps", "-w");
    try {
      // kubectl first prints the current list (which holds our configmap), then each change.
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains(name));
      k.ok("apply", "-f", write(configMap(name, "2").replace("a: \"2\"", "a: \"2\"\n  b: \"3\"")).toString());
      k.ok("delete", "configmap", name);
      // Listed with one key, then modified to two, then deleted.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(Files.readString(out).lines().filter(l -> l.startsWith(name + " "))).as(Files.readString(out)).hasSizeGreaterThanOrEqualTo(3));
      assertThat(Files.readString(out).lines().filter(l -> l.startsWith(name + " ")).map(l -> l.split("\\s+")[1]).toList())
          .startsWith("1", "2");
    } finally {
      watch.destroyForcibly();
    }
  }

  private static String configMap(String name, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  a: \"" + value + "\"\n";
  }

  @ParameterizedTest(name = "kubectl 1.{0}")
  @ValueSource(ints = {27, 0, 33})
  void invalidManifestsAreRejectedAndNothingIsStored(int minor) throws IOException {
    Kubectl k = kubectl(minor);
    Command.Result badName = k.run("apply", "-f", write(configMap("Bad_Name", "x")).toString());
    assertThat(badName.exitCode()).isNotZero();
    assertThat(badName.stderr()).contains("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"");
    Command.Result unknown = k.run("apply", "-f", write(configMap("typo", "x") + "spec:\n  foo: bar\n").toString());
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.stderr()).contains("unknown field").contains("spec");
    Command.Result wrongType = k.run("apply", "-f", write(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrongtype\nspec:\n  replicas: many\n").toString());
    assertThat(wrongType.exitCode()).isNotZero();
    assertThat(k.run("get", "configmap", "Bad_Name").stderr()).contains("NotFound");
    assertThat(k.run("get", "configmap", "typo").stderr()).contains("NotFound");
    assertThat(etcdctl("get", "/registry/configmaps/default/typo", "--keys-only")).isEmpty();
  }

  @Test
  void finalizersKeepAnObjectUntilRemoved() throws IOException {
    Kubectl k = kubectl(0);
    String name = unique("final");
    k.ok("apply", "-f", write(configMap(name, "x").replace("metadata:\n", "metadata:\n  finalizers: [\"example.com/hold\"]\n")).toString());
    assertThat(k.ok("delete", "configmap", name, "--wait=false")).contains("deleted");
    assertThat(k.ok("get", "configmap", name, "-o", "jsonpath={.metadata.deletionTimestamp}")).isNotEmpty();
    k.ok("patch", "configmap", name, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    await().atMost(Duration.ofSeconds(10)).until(() -> k.run("get", "configmap", name).stderr().contains("NotFound"));
  }

  @Test
  void objectsAreStoredUnderRegistryKeysVisibleToEtcdctl() throws IOException {
    String name = unique("stored");
    kubectl(0).ok("apply", "-f", write(configMap(name, "x")).toString());
    assertThat(etcdctl("get", "/registry/configmaps", "--prefix", "--keys-only")).contains("/registry/configmaps/default/" + name);
    assertThat(etcdctl("get", "/registry/namespaces/default", "--print-value-only")).contains("\"kind\":\"Namespace\"");
  }

  @Test
  void requestsWithoutCredentialsAreUnauthorized() throws IOException {
    // The admin's kubeconfig with a token the server does not know instead of the certificate.
    Path stranger = write(Files.readString(kubeconfig())
        .replaceAll("client-certificate-data: .*", "token: \"not-a-token-the-server-knows\"")
        .replaceAll("client-key-data: .*", ""));
    Command.Result r = Kubectl.defaultVersion(stranger).run("get", "namespaces");
    assertThat(r.exitCode()).isNotZero();
    // kubectl's wording for a 401.
    assertThat(r.stderr()).contains("You must be logged in to the server");
  }

  @Test
  void aRestartKeepsEverything() throws IOException {
    Kubectl k = kubectl(0);
    String name = unique("kept");
    k.ok("apply", "-f", manifest("deployment-v1.yaml", name).toString());
    String uid = k.ok("get", "deployment", name, "-o", "jsonpath={.metadata.uid}");
    assertThat(ketch.stop()).isZero();
    ketch = startServer();
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.metadata.uid}")).isEqualTo(uid);
    k.ok("apply", "-f", manifest("deployment-v2.yaml", name).toString());
    assertThat(k.ok("get", "deployment", name, "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");
  }

  /** An owner ConfigMap and two Secrets it owns, in a namespace of their own; returns the namespace. */
  private static String ownerWithDependents(Kubectl k, String owner) throws IOException {
    String ns = unique("gc");
    k.ok("create", "namespace", ns);
    k.ok("apply", "-n", ns, "-f", write(configMap(owner, "x")).toString());
    String uid = k.ok("get", "-n", ns, "configmap", owner, "-o", "jsonpath={.metadata.uid}");
    for (String dep : List.of("dep-a", "dep-b")) {
      k.ok("apply", "-n", ns, "-f", write("""
          apiVersion: v1
          kind: Secret
          metadata:
            name: %s
            ownerReferences:
            - apiVersion: v1
              kind: ConfigMap
              name: %s
              uid: %s
              blockOwnerDeletion: true
          stringData:
            k: v
          """.formatted(dep, owner, uid)).toString());
    }
    return ns;
  }

  @ParameterizedTest(name = "--cascade={0}")
  @ValueSource(strings = {"background", "foreground", "orphan"})
  void deleteWithEachPropagationPolicy(String cascade) throws IOException {
    Kubectl k = kubectl(0);
    String ns = ownerWithDependents(k, "owner");
    // kubectl waits until the owner is gone, which under foreground means its dependents first.
    assertThat(k.ok("delete", "-n", ns, "configmap", "owner", "--cascade=" + cascade, "--timeout=60s")).contains("deleted");
    assertThat(k.run("get", "-n", ns, "configmap", "owner").stderr()).contains("NotFound");
    if (cascade.equals("orphan")) {
      assertThat(k.ok("get", "-n", ns, "secrets", "-o", "name")).contains("secret/dep-a", "secret/dep-b");
      assertThat(k.ok("get", "-n", ns, "secret", "dep-a", "-o", "jsonpath={.metadata.ownerReferences}")).isEmpty();
    } else {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(k.ok("get", "-n", ns, "secrets", "-o", "name")).doesNotContain("dep-a", "dep-b"));
    }
  }

  @Test
  void deletingANamespaceDeletesWhatIsInIt() throws IOException {
    Kubectl k = kubectl(0);
    String ns = ownerWithDependents(k, "content");
    assertThat(k.ok("delete", "namespace", ns, "--timeout=120s")).contains("deleted");
    assertThat(k.run("get", "namespace", ns).stderr()).contains("NotFound");
    assertThat(etcdctl("get", "/registry/secrets/" + ns + "/", "--prefix", "--keys-only")).isEmpty();
  }

  private static String etcdctl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("etcdctl", "--endpoints=http://127.0.0.1:" + etcdPort));
    command.addAll(List.of(args));
    return Command.run(Duration.ofSeconds(30), Map.of("ETCDCTL_API", "3"), null, command).requireSuccess().stdout();
  }
}
