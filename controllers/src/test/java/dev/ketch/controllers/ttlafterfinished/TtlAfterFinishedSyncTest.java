package dev.ketch.controllers.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.controllers.framework.ObjectKey;
import dev.ketch.controllers.framework.Result;
import dev.ketch.controllers.objects.FakeCluster;
import dev.ketch.controllers.objects.FakeObjects;
import dev.ketch.controllers.time.FakeClock;
import dev.ketch.controllers.time.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlAfterFinishedSyncTest {

  private final FakeClock clock = new FakeClock();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeObjects<Job> jobs = cluster.objects(Job.class);
  private final TtlAfterFinishedSync sync = new TtlAfterFinishedSync(cluster, clock);
  private static final ObjectKey KEY = new ObjectKey("ns", "j");

  private void job(Integer ttl, String condition) {
    var b = new JobBuilder().withNewMetadata().withName("j").withNamespace("ns").endMetadata()
        .withNewSpec().withTtlSecondsAfterFinished(ttl).endSpec();
    if (condition != null) {
      b.withNewStatus().addNewCondition().withType(condition).withStatus("True").withLastTransitionTime(Timestamps.format(clock.now()))
          .endCondition().endStatus();
    }
    jobs.add(b.build());
  }

  @Test
  void aFinishedJobIsDeletedInTheForegroundWhenItsTtlRunsOut() {
    job(100, "Complete");
    assertThat(sync.sync(KEY)).isEqualTo(Result.requeueAfter(Duration.ofSeconds(100)));
    clock.advance(Duration.ofSeconds(100));
    sync.sync(KEY);
    assertThat(jobs.actions("delete")).singleElement().satisfies(a -> {
      assertThat(a.deletion().propagation()).isEqualTo("Foreground");
      assertThat(a.deletion().uid()).isNotNull();
    });
    assertThat(jobs.get("ns", "j")).isNull();
  }

  @Test
  void failedJobsExpireToo() {
    job(0, "Failed");
    sync.sync(KEY);
    assertThat(jobs.get("ns", "j")).isNull();
  }

  @Test
  void runningJobsAndJobsWithoutTtlStay() {
    job(0, null);
    assertThat(sync.sync(KEY)).isEqualTo(Result.done());
    jobs.remove("ns", "j");
    job(null, "Complete");
    assertThat(sync.sync(KEY)).isEqualTo(Result.done());
    assertThat(jobs.actions("delete")).isEmpty();
  }
}
