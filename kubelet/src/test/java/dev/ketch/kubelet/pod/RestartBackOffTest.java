package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;
import dev.ketch.kubelet.testing.TestPods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartBackOffTest {

  private static SyncHarness crashing(String policy, String exitCode) {
    return new SyncHarness(TestPods.pod("crash").restartPolicy(policy).annotation(SimulatedBehaviour.EXIT_CODE, exitCode)
        .container("app", "busybox:1.36").build());
  }

  @Test
  void aFailingContainerRestartsAtOnceThenBacksOffTenSecondsDoublingToFiveMinutes() {
    SyncHarness h = crashing("Always", "1");
    h.sync(); // starts, and the simulated container exits at once
    assertThat(h.status("app").getState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(h.status("app").getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(h.phase()).isEqualTo("Running");

    h.sync(); // first restart: no back-off yet
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);

    List<Duration> waits = new ArrayList<>();
    for (int restart = 2; restart <= 8; restart++) {
      h.sync();
      var waiting = h.status("app").getState().getWaiting();
      assertThat(waiting.getReason()).isEqualTo("CrashLoopBackOff");
      assertThat(h.status("app").getLastState().getTerminated().getExitCode()).isEqualTo(1);
      Duration wait = Duration.between(h.clock.instant(), h.last.nextSyncAt());
      waits.add(wait);
      assertThat(waiting.getMessage()).isEqualTo("back-off " + GoDuration.format(wait)
          + " restarting failed container=app pod=crash_default(" + h.pod.getMetadata().getUid() + ")");
      h.advance(wait.minusSeconds(1));
      h.sync();
      assertThat(h.status("app").getRestartCount()).as("still backing off").isEqualTo(restart - 1);
      h.advanceSeconds(1);
      h.sync();
      assertThat(h.status("app").getRestartCount()).isEqualTo(restart);
    }
    assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
        Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(300), Duration.ofSeconds(300));
    assertThat(h.events.withReason("BackOff")).first().satisfies(e -> assertThat(e.message())
        .isEqualTo("Back-off restarting failed container app in pod crash_default(" + h.pod.getMetadata().getUid() + ")"));
    assertThat(h.instances("app")).as("only the newest two instances are kept").hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void theBackOffStartsOverAfterTenMinutesOfRunning() {
    SyncHarness h = new SyncHarness(TestPods.pod("flaky").annotation(SimulatedBehaviour.FAIL_AFTER, "11m")
        .container("app", "busybox:1.36").build());
    h.sync();
    for (int i = 1; i <= 3; i++) {
      h.advance(Duration.ofMinutes(11));
      h.sync();
      assertThat(h.status("app").getRestartCount()).as("restart %d is immediate", i).isEqualTo(i);
      assertThat(h.status("app").getState().getRunning()).isNotNull();
    }
  }

  @Test
  void onFailureDoesNotRestartASuccessfulContainer() {
    SyncHarness h = crashing("OnFailure", "0");

    h.sync();
    h.sync();

    assertThat(h.phase()).isEqualTo("Succeeded");
    assertThat(h.status("app").getRestartCount()).isZero();
    assertThat(h.status("app").getState().getTerminated().getReason()).isEqualTo("Completed");
  }

  @Test
  void onFailureRestartsAFailedContainer() {
    SyncHarness h = crashing("OnFailure", "2");

    h.sync();
    h.sync();

    assertThat(h.phase()).isEqualTo("Running");
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);
  }

  @Test
  void neverEndsFailedWithTheExitCodeAndStopsTheSandbox() {
    SyncHarness h = crashing("Never", "3");

    h.sync();
    var outcome = h.sync();

    assertThat(h.phase()).isEqualTo("Failed");
    assertThat(h.status("app").getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(h.status("app").getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(h.condition("Ready").getReason()).isEqualTo("PodFailed");
    assertThat(outcome.terminated()).isTrue();
    assertThat(h.runtimePod().readySandbox()).isNull();
    assertThat(h.pod.getStatus().getPodIP()).as("the pod keeps its address").isEqualTo("10.64.0.2");
  }

  @Test
  void neverEndsSucceededWhenEveryContainerExitsZero() {
    SyncHarness h = crashing("Never", "0");

    h.sync();
    h.sync();

    assertThat(h.phase()).isEqualTo("Succeeded");
    assertThat(h.condition("Ready").getStatus()).isEqualTo("False");
    assertThat(h.condition("Ready").getReason()).isEqualTo("PodCompleted");
    assertThat(h.condition("Initialized").getReason()).isEqualTo("PodCompleted");
    h.sync();
    assertThat(h.instances("app")).as("nothing runs again").hasSize(1);
  }

  @Test
  void oomKilledIsReportedAsSuch() {
    SyncHarness h = crashing("Never", "OOMKilled");

    h.sync();
    h.sync();

    assertThat(h.status("app").getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(h.status("app").getState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void aChangedImageRestartsTheContainer() {
    SyncHarness h = new SyncHarness(TestPods.pod("web").container("app", "nginx:1.26").build());
    h.sync();
    h.pod.getSpec().getContainers().getFirst().setImage("nginx:1.27");

    h.sync();
    h.sync();

    assertThat(h.events.withReason("Killing")).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("Container app definition changed, will be restarted"));
    assertThat(h.status("app").getImage()).isEqualTo("docker.io/library/nginx:1.27");
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);
    assertThat(h.status("app").getState().getRunning()).isNotNull();
  }
}
