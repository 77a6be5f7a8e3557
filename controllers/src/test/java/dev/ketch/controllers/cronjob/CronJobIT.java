package dev.ketch.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ketch.controllers.FakeKubelet;
import dev.ketch.controllers.TestCluster;
import dev.ketch.controllers.TestControllers;
import dev.ketch.controllers.manager.BuiltInControllers;
import dev.ketch.controllers.manager.ControllerManager;
import dev.ketch.controllers.manager.ControllerManagerConfig;
import dev.ketch.controllers.time.FakeClock;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CronJob controller on a fake clock, in a cluster whose other controllers (Job, garbage
 * collector) run on the system clock: advancing the clock past a scheduled time makes it fire, and
 * the Job it creates runs to completion.
 */
class CronJobIT {

  @TempDir static Path dir;
  static TestCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;
  static FakeClock clock;
  static ControllerManager cronJobs;

  @BeforeAll
  static void start() {
    Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    cluster = TestCluster.start(dir, ControllerManagerConfig.defaults().withControllers(TestControllers.fastExcept(BuiltInControllers.CRONJOB)));
    client = cluster.client();
    kubelet = new FakeKubelet(client);
    kubelet.addNode("node-1", Map.of());
    kubelet.script(p -> FakeKubelet.Behaviour.exit(0));
    // The clock starts now, so that the API's creation timestamps are in its present.
    clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    cronJobs = ControllerManager.start(cluster.kubeconfig(), ControllerManagerConfig.defaults()
        .withControllers(List.of(BuiltInControllers.cronJob(CronJobControllerConfig.defaults()))).withClock(clock));
  }

  @AfterAll
  static void stop() {
    cronJobs.close();
    kubelet.close();
    cluster.close();
  }

  private static List<Job> jobs(String ns) {
    return client.batch().v1().jobs().inNamespace(ns).list().getItems();
  }

  /** Advances the fake clock to {@code seconds} past the next whole minute. */
  private static void advancePastNextMinute(int seconds) {
    Instant now = clock.now();
    Instant target = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES).plusSeconds(seconds);
    clock.advance(Duration.between(now, target));
  }

  @Test
  void firesOnScheduleRunsTheJobAndKeepsTheHistoryLimit() {
    String ns = "cron-tick";
    cluster.createNamespace(ns);
    client.batch().v1().cronjobs().inNamespace(ns).resource(new CronJobBuilder()
        .withNewMetadata().withName("tick").endMetadata()
        .withNewSpec().withSchedule("* * * * *").withSuccessfulJobsHistoryLimit(1)
        .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().endJobTemplate()
        .endSpec().build()).create();

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> jobs(ns).isEmpty());

    advancePastNextMinute(1);
    await().untilAsserted(() -> assertThat(jobs(ns)).hasSize(1));
    Job first = jobs(ns).getFirst();
    long minutes = clock.now().truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
    assertThat(first.getMetadata().getName()).isEqualTo("tick-" + minutes);
    assertThat(first.getMetadata().getAnnotations()).containsKey("batch.kubernetes.io/cronjob-scheduled-timestamp");
    await().untilAsserted(() -> {
      CronJob cj = client.batch().v1().cronjobs().inNamespace(ns).withName("tick").get();
      assertThat(cj.getStatus().getLastScheduleTime()).isNotNull();
      assertThat(cj.getStatus().getLastSuccessfulTime()).isNotNull();
      assertThat(cj.getStatus().getActive()).isNullOrEmpty();
    });

    advancePastNextMinute(1);
    await().untilAsserted(() -> {
      List<Job> now = jobs(ns);
      assertThat(now).hasSize(1);
      assertThat(now.getFirst().getMetadata().getName()).isEqualTo("tick-" + (minutes + 1));
    });
    await().untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems()).extracting(e -> e.getReason())
        .contains("SuccessfulCreate", "SawCompletedJob", "SuccessfulDelete"));
  }
}
