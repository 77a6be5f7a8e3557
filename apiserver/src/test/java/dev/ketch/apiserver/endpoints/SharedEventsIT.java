package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ketch.apiserver.json.Json;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.InProcessApiServer.Answer;
import dev.ketch.store.RangeRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * events.k8s.io/v1 and core/v1 Events are one set of objects: written through either API, read,
 * listed, selected and watched through both, kept once under {@code /registry/events/}.
 */
class SharedEventsIT {

  private static final String CORE = "/api/v1/namespaces/ev/events";
  private static final String NEW = "/apis/events.k8s.io/v1/namespaces/ev/events";
  @TempDir static Path tmp;
  static InProcessApiServer api;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    api.ok("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ev\"}}");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String schedulerEvent(String name, String pod) {
    return """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"%s"},
         "eventTime":"2025-01-01T10:00:00.000000Z","reportingController":"default-scheduler",
         "reportingInstance":"default-scheduler-node1","action":"Binding","reason":"Scheduled",
         "note":"Successfully assigned ev/%s to node1","type":"Normal",
         "regarding":{"kind":"Pod","namespace":"ev","name":"%s","uid":"uid-%s","apiVersion":"v1"}}
        """.formatted(name, pod, pod, pod);
  }

  private static String kubeletEvent(String name, String pod) {
    return """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"%s"},
         "involvedObject":{"kind":"Pod","namespace":"ev","name":"%s","uid":"uid-%s"},
         "reason":"Pulled","message":"Container image already present","type":"Normal",
         "source":{"component":"kubelet","host":"node1"},"count":1,
         "firstTimestamp":"2025-01-01T10:00:00Z","lastTimestamp":"2025-01-01T10:00:00Z"}
        """.formatted(name, pod, pod);
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
    return out;
  }

  @Test
  void anEventWrittenThroughOneApiIsReadThroughTheOther() {
    Answer created = api.ok("POST", NEW, schedulerEvent("sched.1", "web"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    String rv = created.body().path("metadata").path("resourceVersion").asText();

    JsonNode core = api.ok("GET", CORE + "/sched.1", null).body();
    assertThat(core.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(core.path("involvedObject").path("name").asText()).isEqualTo("web");
    assertThat(core.path("message").asText()).isEqualTo("Successfully assigned ev/web to node1");
    assertThat(core.path("reportingComponent").asText()).isEqualTo("default-scheduler");
    assertThat(core.path("metadata").path("resourceVersion").asText()).isEqualTo(rv);
    assertThat(core.path("metadata").path("uid").asText()).isEqualTo(created.body().path("metadata").path("uid").asText());

    api.ok("POST", CORE, kubeletEvent("kubelet.1", "web"));
    JsonNode viaNew = api.ok("GET", NEW + "/kubelet.1", null).body();
    assertThat(viaNew.path("regarding").path("name").asText()).isEqualTo("web");
    assertThat(viaNew.path("note").asText()).isEqualTo("Container image already present");
    assertThat(viaNew.path("deprecatedSource").path("component").asText()).isEqualTo("kubelet");
    assertThat(viaNew.path("deprecatedCount").asInt()).isEqualTo(1);

    assertThat(api.store().range(RangeRequest.key("/registry/events/ev/sched.1")).single()).isNotNull();
    assertThat(api.store().range(RangeRequest.key("/registry/events.k8s.io/events/ev/sched.1")).single()).isNull();
  }

  @Test
  void listsAndFieldSelectorsWorkThroughBothApis() {
    api.ok("POST", NEW, schedulerEvent("sel.a", "alpha"));
    api.ok("POST", CORE, kubeletEvent("sel.b", "alpha"));
    api.ok("POST", CORE, kubeletEvent("sel.c", "beta"));

    assertThat(names(api.ok("GET", CORE + "?fieldSelector=involvedObject.name%3Dalpha", null).body()))
        .containsExactlyInAnyOrder("sel.a", "sel.b");
    assertThat(names(api.ok("GET", NEW + "?fieldSelector=regarding.name%3Dalpha", null).body()))
        .containsExactlyInAnyOrder("sel.a", "sel.b");
    assertThat(names(api.ok("GET", CORE + "?fieldSelector=involvedObject.name%3Dalpha,involvedObject.kind%3DPod,source%3Ddefault-scheduler", null).body()))
        .containsExactly("sel.a");
    assertThat(names(api.ok("GET", NEW + "?fieldSelector=reportingController%3Dkubelet,regarding.name%3Dbeta", null).body()))
        .isEmpty();
    assertThat(names(api.ok("GET", NEW + "?fieldSelector=regarding.name%3Dbeta&limit=1", null).body())).containsExactly("sel.c");
    JsonNode list = api.ok("GET", NEW + "?fieldSelector=regarding.name%3Dalpha", null).body();
    assertThat(list.path("kind").asText()).isEqualTo("EventList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    assertThat(list.path("items").get(0).path("regarding").isObject()).isTrue();
  }

  @Test
  void updatesAndDeletionsThroughOneApiShowInTheOther() {
    api.ok("POST", CORE, kubeletEvent("upd.1", "gamma"));
    Answer patched = api.send("PATCH", CORE + "/upd.1", "application/merge-patch+json",
        "{\"count\":5,\"message\":\"seen again\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(patched.status()).isEqualTo(200);
    JsonNode viaNew = api.ok("GET", NEW + "/upd.1", null).body();
    assertThat(viaNew.path("deprecatedCount").asInt()).isEqualTo(5);
    assertThat(viaNew.path("note").asText()).isEqualTo("seen again");

    api.ok("POST", NEW, schedulerEvent("upd.2", "gamma"));
    Answer series = api.send("PATCH", NEW + "/upd.2", "application/merge-patch+json",
        "{\"series\":{\"count\":2,\"lastObservedTime\":\"2025-01-01T10:01:00.000000Z\"}}".getBytes(StandardCharsets.UTF_8));
    assertThat(series.status()).as("%s", series.body()).isEqualTo(200);
    assertThat(api.ok("GET", CORE + "/upd.2", null).body().path("series").path("count").asInt()).isEqualTo(2);

    api.ok("DELETE", CORE + "/upd.1", null);
    assertThat(api.json("GET", NEW + "/upd.1", null).status()).isEqualTo(404);
  }

  @Test
  void eventsAreValidatedAsUpstreamPerApi() {
    Answer noTime = api.json("POST", NEW, schedulerEvent("bad.1", "x").replace("\"eventTime\":\"2025-01-01T10:00:00.000000Z\",", ""));
    assertThat(noTime.status()).isEqualTo(422);
    assertThat(noTime.body().path("message").asText()).contains("Event.events.k8s.io \"bad.1\" is invalid", "eventTime: Required value");

    Answer deprecated = api.json("POST", NEW, schedulerEvent("bad.2", "x").replace("\"type\":\"Normal\"",
        "\"type\":\"Normal\",\"deprecatedCount\":3"));
    assertThat(deprecated.status()).isEqualTo(422);
    assertThat(deprecated.body().path("message").asText()).contains("count: Invalid value: \"\": needs to be unset");

    api.ok("POST", NEW, schedulerEvent("imm.1", "x"));
    Answer immutable = api.send("PATCH", NEW + "/imm.1", "application/merge-patch+json",
        "{\"note\":\"rewritten\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(immutable.status()).isEqualTo(422);
    assertThat(immutable.body().path("message").asText()).contains("message: Invalid value: \"rewritten\": field is immutable");

    Answer otherNamespace = api.json("POST", CORE, kubeletEvent("bad.3", "x").replace("\"namespace\":\"ev\"", "\"namespace\":\"elsewhere\""));
    assertThat(otherNamespace.status()).isEqualTo(422);
    assertThat(otherNamespace.body().path("message").asText())
        .contains("involvedObject.namespace: Invalid value: \"elsewhere\": does not match event.namespace");
  }

  @Test
  void aWatchThroughTheCoreApiSeesEventsWrittenThroughTheNewOne() throws Exception {
    String rv = api.ok("GET", CORE, null).body().path("metadata").path("resourceVersion").asText();
    HttpClient http = api.httpClient();
    var request = java.net.http.HttpRequest.newBuilder(URI.create(api.server().url() + CORE
        + "?watch=true&resourceVersion=" + rv + "&fieldSelector=involvedObject.name%3Dwatched&timeoutSeconds=10")).build();
    var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    api.ok("POST", NEW, schedulerEvent("watch.1", "watched"));
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode event = Json.tree(reader.readLine().getBytes(StandardCharsets.UTF_8));
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      assertThat(event.path("object").path("apiVersion").asText()).isEqualTo("v1");
      assertThat(event.path("object").path("involvedObject").path("name").asText()).isEqualTo("watched");
      assertThat(event.path("object").path("message").asText()).isEqualTo("Successfully assigned ev/watched to node1");
    }
  }

  @Test
  void fieldOwnershipIsKeptAcrossTheTwoApis() {
    api.ok("POST", NEW, schedulerEvent("own.1", "delta"));
    Answer patched = api.send("PATCH", CORE + "/own.1?fieldManager=editor", "application/merge-patch+json",
        "{\"message\":\"changed\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(patched.status()).isEqualTo(200);
    List<String> entries = new ArrayList<>();
    patched.body().path("metadata").path("managedFields").forEach(e -> entries.add(e.path("manager").asText() + "@" + e.path("apiVersion").asText()));
    assertThat(entries).containsExactly("Java-http-client@events.k8s.io/v1", "editor@v1");
    JsonNode first = patched.body().path("metadata").path("managedFields").get(0).path("fieldsV1");
    assertThat(first.has("f:note")).as("the message left the first writer, in its own version's terms").isFalse();
    assertThat(first.has("f:reason")).isTrue();
  }
}
