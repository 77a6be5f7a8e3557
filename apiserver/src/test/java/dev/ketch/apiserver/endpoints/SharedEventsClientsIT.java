package dev.ketch.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.apiserver.support.Fabric8;
import dev.ketch.apiserver.support.InProcessApiServer;
import dev.ketch.apiserver.support.Kubectl;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scheduler posting events.k8s.io/v1 Events (through fabric8) and a kubelet posting core/v1
 * ones, read back by {@code kubectl describe pod}, {@code kubectl events}, {@code kubectl get
 * events} in both groups, and by fabric8 through both APIs.
 */
class SharedEventsClientsIT {

  private static final String NS = "shared-events";
  @TempDir static Path tmp;
  static InProcessApiServer api;
  static KubernetesClient client;
  static Pod pod;

  @BeforeAll
  static void start() throws Exception {
    api = InProcessApiServer.start(tmp);
    client = Fabric8.client(api.server().kubeconfigFiles().getFirst());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec().build()).create();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    // What a scheduler of the new events API writes when it binds the pod.
    client.events().v1().events().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
        .withNewMetadata().withName("web.scheduled").withNamespace(NS).endMetadata()
        .withEventTime(new MicroTime(Instant.now().truncatedTo(ChronoUnit.MICROS).toString()))
        .withReportingController("default-scheduler").withReportingInstance("default-scheduler-node1")
        .withAction("Binding").withReason("Scheduled").withType("Normal")
        .withNote("Successfully assigned " + NS + "/web to node1")
        .withRegarding(new ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1").withNamespace(NS).withName("web")
            .withUid(pod.getMetadata().getUid()).build())
        .build()).create();
    // What a kubelet of the old API writes.
    client.v1().events().inNamespace(NS).resource(new EventBuilder()
        .withNewMetadata().withName("web.pulled").withNamespace(NS).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1").withNamespace(NS).withName("web")
            .withUid(pod.getMetadata().getUid()).withFieldPath("spec.containers{web}").build())
        .withReason("Pulled").withMessage("Container image \"nginx:1.25\" already present on machine").withType("Normal")
        .withNewSource().withComponent("kubelet").withHost("node1").endSource()
        .withCount(1).withFirstTimestamp(now).withLastTimestamp(now).build()).create();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  private static Kubectl kubectl(String version) {
    return new Kubectl(version, api.server().kubeconfigFiles().getFirst(), tmp);
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void describePodShowsTheSchedulersAndTheKubeletsEvents(String version) {
    String out = kubectl(version).run("describe", "pod", "web", "-n", NS).requireSuccess().stdout();
    assertThat(out).contains("Events:", "Scheduled", "default-scheduler", "Successfully assigned " + NS + "/web to node1",
        "Pulled", "kubelet", "already present on machine");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @ValueSource(strings = {"1.27", "1.32", "1.33"})
  void kubectlEventsAndGetEventsListBoth(String version) {
    Kubectl k = kubectl(version);
    assertThat(k.run("events", "-n", NS).requireSuccess().stdout())
        .contains("Scheduled", "Pod/web", "Successfully assigned", "Pulled", "already present on machine");
    assertThat(k.run("events", "-n", NS, "--for", "pod/web").requireSuccess().stdout()).contains("Scheduled", "Pulled");
    assertThat(k.run("get", "events", "-n", NS).requireSuccess().stdout())
        .contains("Scheduled", "pod/web", "Successfully assigned", "Pulled");
    assertThat(k.run("get", "events.v1.events.k8s.io", "-n", NS, "-o", "name").requireSuccess().stdout())
        .contains("event.events.k8s.io/web.scheduled", "event.events.k8s.io/web.pulled");
    assertThat(k.run("get", "events", "-n", NS, "--field-selector", "reason=Scheduled", "-o", "name").requireSuccess().stdout().trim())
        .isEqualTo("event/web.scheduled");
  }

  @Test
  void fabric8ReadsBothThroughEitherApi() {
    List<String> core = client.v1().events().inNamespace(NS).withField("involvedObject.name", "web").list().getItems().stream()
        .map(e -> e.getReason() + ":" + e.getInvolvedObject().getName()).toList();
    assertThat(core).containsExactlyInAnyOrder("Scheduled:web", "Pulled:web");
    List<Event> viaNew = client.events().v1().events().inNamespace(NS).withField("regarding.name", "web").list().getItems();
    assertThat(viaNew).extracting(e -> e.getReason() + ":" + e.getRegarding().getName())
        .containsExactlyInAnyOrder("Scheduled:web", "Pulled:web");
    assertThat(viaNew).filteredOn(e -> e.getReason().equals("Pulled")).singleElement()
        .satisfies(e -> assertThat(e.getDeprecatedSource().getComponent()).isEqualTo("kubelet"));
  }
}
