package dev.ketch.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.FakeKubelet;
import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.TestControllers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Job controller with a fake kubelet whose pods exit as each test says. */
class JobIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;
  /** Per namespace, how many pods have started so far. */
  static final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir, TestControllers.config());
    client = cluster.client();
    kubelet = new FakeKubelet(client);
    kubelet.addNode("node-1", Map.of());
    // In each namespace the first pod fails with exit code 3 and the others succeed.
    kubelet.script(p -> started.computeIfAbsent(p.getMetadata().getNamespace(), n -> new AtomicInteger()).getAndIncrement() == 0
        ? FakeKubelet.Behaviour.exit(3) : FakeKubelet.Behaviour.exit(0));
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
  }

  private static Job job(String name, int completions, int parallelism) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(2)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build();
  }

  private static List<String> conditions(Job j) {
    return j.getStatus() == null || j.getStatus().getConditions() == null ? List.of()
        : j.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus())).map(JobCondition::getType).toList();
  }

  @Test
  void aJobThatFailsOnceThenSucceedsCompletesUnderItsBackoffLimit() {
    String ns = "job-retry";
    cluster.createNamespace(ns);
    client.batch().v1().jobs().inNamespace(ns).resource(job("pi", 1, 1)).create();

    await().untilAsserted(() -> {
      Job j = client.batch().v1().jobs().inNamespace(ns).withName("pi").get();
      assertThat(conditions(j)).containsExactly("SuccessCriteriaMet", "Complete");
      assertThat(j.getStatus().getFailed()).isEqualTo(1);
      assertThat(j.getStatus().getSucceeded()).isEqualTo(1);
      assertThat(j.getStatus().getActive()).isZero();
      assertThat(j.getStatus().getCompletionTime()).isNotNull();
      assertThat(j.getStatus().getUncountedTerminatedPods().getFailed()).isNullOrEmpty();
    });
    List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
    assertThat(pods).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isEmpty());
    assertThat(pods).extracting(p -> p.getStatus().getPhase()).containsExactlyInAnyOrder("Failed", "Succeeded");
    await().untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(e -> e.getReason()).contains("SuccessfulCreate", "Completed"));
  }

  @Test
  void anIndexedJobRunsEveryIndexOnceAndIsDeletedAfterItsTtl() {
    String ns = "job-indexed";
    cluster.createNamespace(ns);
    started.put(ns, new AtomicInteger(1));
    Job j = job("idx", 3, 3);
    j.getSpec().setCompletionMode("Indexed");
    j.getSpec().setTtlSecondsAfterFinished(1);
    client.batch().v1().jobs().inNamespace(ns).resource(j).create();

    await().untilAsserted(() -> {
      Job done = client.batch().v1().jobs().inNamespace(ns).withName("idx").get();
      assertThat(done).isNotNull();
      assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
      assertThat(conditions(done)).contains("Complete");
    });
    await().untilAsserted(() -> {
      assertThat(client.batch().v1().jobs().inNamespace(ns).withName("idx").get()).isNull();
      assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    });
  }

  @Test
  void failuresBeyondTheBackoffLimitFailTheJob() {
    String ns = "job-fail";
    cluster.createNamespace(ns);
    kubelet.script(p -> ns.equals(p.getMetadata().getNamespace()) ? FakeKubelet.Behaviour.exit(1)
        : started.computeIfAbsent(p.getMetadata().getNamespace(), n -> new AtomicInteger()).getAndIncrement() == 0
            ? FakeKubelet.Behaviour.exit(3) : FakeKubelet.Behaviour.exit(0));
    client.batch().v1().jobs().inNamespace(ns).resource(job("doomed", 1, 1)).create();

    await().untilAsserted(() -> {
      Job j = client.batch().v1().jobs().inNamespace(ns).withName("doomed").get();
      assertThat(conditions(j)).containsExactly("FailureTarget", "Failed");
      assertThat(j.getStatus().getFailed()).isEqualTo(3);
      JobCondition failed = j.getStatus().getConditions().stream().filter(c -> c.getType().equals("Failed")).findFirst().orElseThrow();
      assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
    });
    await().untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("BackoffLimitExceeded");
          assertThat(e.getType()).isEqualTo("Warning");
        }));
  }
}
