package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.InProcessApiServer.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subresources through the real HTTP path, with Kubernetes' policies in force. */
class SubresourcesIT {

  private static final String NS = "/api/v1/namespaces/sub";
  @TempDir static Path tmp;
  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    api.ok("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"sub\"}}");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void pod(String name, String labels) {
    api.ok("POST", NS + "/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":%s},
         "spec":{"containers":[{"name":"c","image":"busybox"}]}}""".formatted(name, labels));
  }

  @Test
  void bindingAssignsANodeOnceAndMarksThePodScheduled() {
    pod("bound", "{}");
    Answer bind = api.json("POST", NS + "/pods/bound/binding",
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}");
    assertThat(bind.status()).isEqualTo(201);
    Answer pod = api.ok("GET", NS + "/pods/bound", null);
    assertThat(pod.body().path("spec").path("nodeName").asText()).isEqualTo("node-1");
    assertThat(pod.body().path("status").path("conditions").findValuesAsText("type")).contains("PodScheduled");
    for (var c : pod.body().path("status").path("conditions")) {
      if (c.path("type").asText().equals("PodScheduled")) {
        assertThat(c.path("status").asText()).isEqualTo("True");
      }
    }
    Answer again = api.json("POST", NS + "/pods/bound/binding",
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-2\"}}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("message").asText()).contains("is already assigned to node \"node-1\"");
    // Through the main resource the node may not change: pod updates are restricted.
    Answer moved = api.send("PATCH", NS + "/pods/bound", "application/merge-patch+json",
        "{\"spec\":{\"nodeName\":\"node-2\"}}".getBytes());
    assertThat(moved.status()).isEqualTo(422);
  }

  @Test
  void scaleReadsAndWritesReplicasOfWorkloads() {
    api.ok("POST", "/apis/apps/v1/namespaces/sub/deployments", """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""");
    Answer scale = api.ok("GET", "/apis/apps/v1/namespaces/sub/deployments/web/scale", null);
    assertThat(scale.body().path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.body().path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.body().path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(scale.body().path("status").path("selector").asText()).isEqualTo("app=web");
    Answer patched = api.send("PATCH", "/apis/apps/v1/namespaces/sub/deployments/web/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":4}}".getBytes());
    assertThat(patched.status()).isEqualTo(200);
    assertThat(api.ok("GET", "/apis/apps/v1/namespaces/sub/deployments/web", null).body().path("spec").path("replicas").asInt())
        .isEqualTo(4);
    api.ok("PUT", "/apis/apps/v1/namespaces/sub/deployments/web/scale",
        "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":2}}");
    Answer d = api.ok("GET", "/apis/apps/v1/namespaces/sub/deployments/web", null);
    assertThat(d.body().path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(d.body().path("metadata").path("generation").asInt()).isEqualTo(3);
  }

  @Test
  void statusUpdatesChangeOnlyTheStatus() {
    pod("statused", "{}");
    Answer pod = api.ok("GET", NS + "/pods/statused", null);
    String body = pod.body().toString()
        .replace("\"image\":\"busybox\"", "\"image\":\"nginx\"")
        .replace("\"phase\":\"Pending\"", "\"phase\":\"Running\"");
    api.ok("PUT", NS + "/pods/statused/status", body);
    Answer after = api.ok("GET", NS + "/pods/statused", null);
    assertThat(after.body().path("status").path("phase").asText()).isEqualTo("Running");
    assertThat(after.body().path("spec").path("containers").get(0).path("image").asText()).isEqualTo("busybox");
  }

  @Test
  void evictionRespectsDisruptionBudgets() {
    pod("guarded", "{\"app\":\"guarded\"}");
    api.ok("POST", "/apis/policy/v1/namespaces/sub/poddisruptionbudgets", """
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"pdb"},
         "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"guarded"}}}}""");
    // A pod that is not running may always be evicted; make it run first.
    Answer pod = api.ok("GET", NS + "/pods/guarded", null);
    api.ok("PUT", NS + "/pods/guarded/status", pod.body().toString().replace("\"phase\":\"Pending\"", "\"phase\":\"Running\""));
    String eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"guarded\",\"namespace\":\"sub\"}}";
    Answer refused = api.json("POST", NS + "/pods/guarded/eviction", eviction);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body().path("message").asText()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
    // What the disruption controller would write once the pod is healthy.
    var pdb = (com.fasterxml.jackson.databind.node.ObjectNode) api.ok("GET", "/apis/policy/v1/namespaces/sub/poddisruptionbudgets/pdb", null).body();
    pdb.putObject("status").put("disruptionsAllowed", 1).put("currentHealthy", 1).put("desiredHealthy", 1).put("expectedPods", 1);
    api.ok("PUT", "/apis/policy/v1/namespaces/sub/poddisruptionbudgets/pdb/status", pdb.toString());
    assertThat(api.json("POST", NS + "/pods/guarded/eviction", eviction).status()).isEqualTo(201);
    assertThat(api.json("GET", NS + "/pods/guarded", null).status()).isEqualTo(404);
  }

  @Test
  void aDeletedNamespaceWaitsForItsFinalizerThenGoes() {
    api.ok("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"doomed\"}}");
    assertThat(api.ok("GET", "/api/v1/namespaces/doomed", null).body().path("spec").path("finalizers").toString())
        .isEqualTo("[\"kubernetes\"]");
    Answer deleted = api.ok("DELETE", "/api/v1/namespaces/doomed", null);
    assertThat(deleted.body().path("status").path("phase").asText()).isEqualTo("Terminating");
    Answer ns = api.ok("GET", "/api/v1/namespaces/doomed", null);
    api.ok("PUT", "/api/v1/namespaces/doomed/finalize", ns.body().toString().replace("\"finalizers\":[\"kubernetes\"]", "\"finalizers\":[]"));
    assertThat(api.json("GET", "/api/v1/namespaces/doomed", null).status()).isEqualTo(404);
  }

  @Test
  void theInitialNamespacesCannotBeDeleted() {
    Answer r = api.json("DELETE", "/api/v1/namespaces/kube-system", null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().path("message").asText()).contains("this namespace may not be deleted");
  }

  @Test
  void aBindingForAnotherPodOfTheSameNameIsAConflict() {
    pod("renamed", "{}");
    Answer r = api.json("POST", NS + "/pods/renamed/binding", """
        {"apiVersion":"v1","kind":"Binding","metadata":{"name":"renamed","uid":"not-this-pod"},
         "target":{"kind":"Node","name":"node-1"}}""");
    assertThat(r.status()).isEqualTo(409);
    assertThat(api.ok("GET", NS + "/pods/renamed", null).body().path("spec").path("nodeName").isMissingNode()).isTrue();
  }

  @Test
  void aNodesAllocatableDefaultsToItsCapacity() {
    Answer node = api.ok("POST", "/api/v1/nodes", """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"sized"},
         "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"}}}""");
    assertThat(node.body().path("status").path("allocatable").path("cpu").asText()).isEqualTo("4");
    assertThat(node.body().path("status").path("allocatable").path("pods").asText()).isEqualTo("110");
  }
}
