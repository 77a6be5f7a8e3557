package dev.ketch.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods on one simulated node, bound through pods/binding, watched through the API and kubectl. */
class PodLifecycleIT {

  @TempDir
  static Path dir;

  static TestCluster cluster;
  static TestCluster.Node node;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(dir);
    node = cluster.startNode(0);
  }

  @AfterAll
  static void stop() {
    node.close();
    cluster.close();
  }

  private static Pod awaitPod(String name, java.util.function.Predicate<Pod> condition) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.pod(name), p -> p != null && condition.test(p));
  }

  @Test
  void aBoundPodBecomesRunningAndReadyAsUpstreamWritesIt() {
    cluster.createBound(TestPods.pod("web").container("nginx", "nginx:1.27").build(), "sim-0");

    Pod pod = awaitPod("web", p -> "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));

    assertThat(pod.getStatus().getConditions()).extracting(PodCondition::getType)
        .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    assertThat(pod.getStatus().getConditions()).allSatisfy(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getLastTransitionTime()).isNotNull();
    });
    var cs = pod.getStatus().getContainerStatuses().getFirst();
    assertThat(cs.getName()).isEqualTo("nginx");
    assertThat(cs.getReady()).isTrue();
    assertThat(cs.getStarted()).isTrue();
    assertThat(cs.getRestartCount()).isZero();
    assertThat(cs.getState().getRunning().getStartedAt()).isNotNull();
    assertThat(cs.getContainerID()).startsWith("simulated://");
    assertThat(cs.getImage()).isEqualTo("docker.io/library/nginx:1.27");
    assertThat(cs.getImageID()).startsWith("docker.io/library/nginx@sha256:");
    assertThat(pod.getStatus().getPodIP()).startsWith("10.64.0.");
    assertThat(pod.getStatus().getHostIP()).isEqualTo("172.16.0.2");
    assertThat(pod.getStatus().getStartTime()).isNotNull();
    assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");

    String table = cluster.kubectl().ok("get", "pods", "web", "-o", "wide");
    assertThat(table).containsPattern("web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.64\\.0\\.\\d+\\s+sim-0");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("web")).extracting(Event::getReason)
        .contains("Pulling", "Pulled", "Created", "Started"));
  }

  @Test
  void aCrashingContainerUnderAlwaysRestartsWithGrowingCountAndCrashLoopBackOff() {
    cluster.createBound(TestPods.pod("crash").annotation(SimulatedBehaviour.EXIT_CODE, "1").container("app", "busybox:1.36")
        .build(), "sim-0");

    awaitPod("crash", p -> restarts(p) >= 3);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.kubectl().ok("get", "pods", "crash"))
        .containsPattern("crash\\s+0/1\\s+CrashLoopBackOff\\s+\\d+ \\(\\S+ ago\\)"));
    Pod pod = cluster.pod("crash");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated().getExitCode()).isEqualTo(1);
    // Repeats of one event are counted on it, as client-go's correlator does.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events("crash"))
        .filteredOn(e -> e.getReason().equals("BackOff")).singleElement()
        .satisfies(e -> assertThat(e.getCount()).isGreaterThan(1)));
  }

  @Test
  void jobLikePodsUnderNeverEndSucceededOrFailedWithTheirExitCodes() {
    cluster.createBound(TestPods.pod("job-ok").restartPolicy("Never").annotation(SimulatedBehaviour.FAIL_AFTER, "1s")
        .annotation(SimulatedBehaviour.EXIT_CODE, "0").container("work", "busybox:1.36").build(), "sim-0");
    cluster.createBound(TestPods.pod("job-bad").restartPolicy("Never").annotation(SimulatedBehaviour.EXIT_CODE, "2")
        .container("work", "busybox:1.36").build(), "sim-0");

    Pod ok = awaitPod("job-ok", p -> "Succeeded".equals(p.getStatus().getPhase()));
    Pod bad = awaitPod("job-bad", p -> "Failed".equals(p.getStatus().getPhase()));

    assertThat(ok.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(bad.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(bad.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getReason()).isEqualTo("Error");
    String table = cluster.kubectl().ok("get", "pods", "job-ok", "job-bad");
    assertThat(table).containsPattern("job-ok\\s+0/1\\s+Completed\\s+0").containsPattern("job-bad\\s+0/1\\s+Error\\s+0");
  }

  @Test
  void kubectlDeleteReturnsOnceTheKubeletHasStoppedThePod() {
    cluster.createBound(TestPods.pod("bye").container("app", "nginx").build(), "sim-0");
    awaitPod("bye", p -> "Running".equals(p.getStatus().getPhase()));

    var result = cluster.kubectl().run("delete", "pod", "bye", "--timeout=30s");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("pod \"bye\" deleted");
    assertThat(cluster.pod("bye")).isNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("bye")).extracting(Event::getReason)
        .contains("Killing"));
  }

  @Test
  void anImageNeverPulledShowsErrImageNeverPullWithTheMessage() {
    var c = TestPods.containerSpec("app", "local/absent:1").withImagePullPolicy("Never").build();
    cluster.createBound(TestPods.pod("noimage").container(c).build(), "sim-0");

    Pod pod = awaitPod("noimage", p -> p.getStatus().getContainerStatuses() != null
        && p.getStatus().getContainerStatuses().getFirst().getState().getWaiting() != null
        && "ErrImageNeverPull".equals(p.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason()));

    assertThat(pod.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getMessage())
        .isEqualTo("Container image \"local/absent:1\" is not present with pull policy of Never");
    assertThat(cluster.kubectl().ok("get", "pods", "noimage")).containsPattern("noimage\\s+0/1\\s+ErrImageNeverPull");
  }

  private static int restarts(Pod p) {
    return p.getStatus().getContainerStatuses() == null ? 0 : p.getStatus().getContainerStatuses().getFirst().getRestartCount();
  }

  private static List<Event> events(String pod) {
    return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
  }
}
