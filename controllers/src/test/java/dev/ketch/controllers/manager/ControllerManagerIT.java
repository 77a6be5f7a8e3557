package dev.ketch.controllers.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.controllers.events.ApiEventRecorder;
import dev.ketch.controllers.events.EventType;
import dev.ketch.controllers.time.Clock;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller manager's life cycle and the event recorder, against a real API server. */
class ControllerManagerIT {

  @TempDir static Path dir;
  static EmbeddedStore store;
  static ApiServer api;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    store = EmbeddedStore.inMemory();
    api = ApiServer.start(store, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
  }

  @AfterAll
  static void stop() {
    api.close();
    store.close();
  }

  private static List<String> builtInNames() {
    return BuiltInControllers.all().stream().map(ControllerDescriptor::name).toList();
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  /** Threads the JDK starts once and keeps, whoever asked first, and the test's own poller. */
  private static boolean jdkShared(Thread t) {
    String n = t.getName();
    return n.startsWith("ForkJoinPool.commonPool") || n.equals("Common-Cleaner") || n.startsWith("process reaper")
        || n.equals("Attach Listener") || n.startsWith("InnocuousThread") || n.startsWith("awaitility");
  }

  @Test
  void closeLeavesNoThreadBehind() {
    Set<Thread> before = liveThreads();
    ControllerManager manager = ControllerManager.start(api.kubeconfigFiles().getFirst(), ControllerManagerConfig.defaults());
    assertThat(manager.runningControllers()).containsExactlyElementsOf(builtInNames());
    await().until(() -> liveThreads().stream().anyMatch(t -> t.getName().startsWith("garbage-collector-delete-worker-")));
    await().until(() -> liveThreads().stream().anyMatch(t -> t.getName().startsWith("deployment-worker-")));
    await().until(() -> liveThreads().stream().anyMatch(t -> t.getName().startsWith("namespace-worker-")));
    manager.client().configMaps().inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("touch").endMetadata().build()).create();
    manager.client().configMaps().inNamespace("default").withName("touch").delete();

    manager.close();

    await().untilAsserted(() -> {
      List<String> left = liveThreads().stream().filter(t -> !before.contains(t) && !jdkShared(t)).map(Thread::getName).sorted().toList();
      assertThat(left).isEmpty();
    });
    assertThat(manager.runningControllers()).isEmpty();
    manager.close();
  }

  @Test
  void controllersStartOnlyWhenLeading() {
    var elected = new java.util.concurrent.atomic.AtomicReference<Runnable>();
    LeaderElection manual = new LeaderElection() {
      @Override
      public void start(Runnable onStartedLeading, Runnable onStoppedLeading) {
        elected.set(onStartedLeading);
      }

      @Override
      public void close() {}
    };
    try (ControllerManager manager = ControllerManager.start(api.kubeconfigFiles().getFirst(),
        ControllerManagerConfig.defaults().withLeaderElection(manual))) {
      assertThat(manager.runningControllers()).isEmpty();
      elected.get().run();
      assertThat(manager.runningControllers()).containsExactlyElementsOf(builtInNames());
    }
  }

  @Test
  void repeatedEventsAreCountedOnOneEvent() {
    try (KubernetesClient client = KubeClients.fromKubeconfig(api.kubeconfigFiles().getFirst());
        ApiEventRecorder recorder = new ApiEventRecorder(client, "test-controller", "host-1", Clock.system())) {
      ConfigMap subject = client.configMaps().inNamespace("default")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("subject").endMetadata().build()).create();
      for (int i = 0; i < 3; i++) {
        recorder.event(subject, EventType.NORMAL, "SuccessfulCreate", "Created pod: web-1");
      }
      recorder.event(subject, EventType.WARNING, "FailedCreate", "Error creating: quota");

      await().untilAsserted(() -> {
        List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
            .filter(e -> "subject".equals(e.getInvolvedObject().getName())).toList();
        assertThat(events).hasSize(2);
        Event created = events.stream().filter(e -> "SuccessfulCreate".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(created.getCount()).isEqualTo(3);
        assertThat(created.getType()).isEqualTo("Normal");
        assertThat(created.getMessage()).isEqualTo("Created pod: web-1");
        assertThat(created.getSource().getComponent()).isEqualTo("test-controller");
        assertThat(created.getSource().getHost()).isEqualTo("host-1");
        assertThat(created.getInvolvedObject().getUid()).isEqualTo(subject.getMetadata().getUid());
        assertThat(created.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
        Event failed = events.stream().filter(e -> "FailedCreate".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(failed.getCount()).isEqualTo(1);
        assertThat(failed.getType()).isEqualTo("Warning");
      });
    }
  }
}
