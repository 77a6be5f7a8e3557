package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;
import dev.ketch.kubelet.testing.TestPods;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbesTest {

  @Test
  void aReadinessProbeMakesTheContainerReadyAfterItsInitialDelay() {
    var c = TestPods.containerSpec("app", "nginx").withReadinessProbe(TestPods.execProbe(5, 10, 3)).build();
    SyncHarness h = new SyncHarness(TestPods.pod("ready").container(c).build());

    h.sync();
    assertThat(h.status("app").getReady()).isFalse();
    assertThat(h.condition("Ready").getStatus()).isEqualTo("False");
    assertThat(h.condition("ContainersReady").getMessage()).isEqualTo("containers with unready status: [app]");
    assertThat(h.last.nextSyncAt()).isEqualTo(h.clock.instant().plusSeconds(5));

    h.advanceSeconds(5);
    h.sync();
    assertThat(h.status("app").getReady()).isTrue();
    assertThat(h.condition("Ready").getStatus()).isEqualTo("True");
    assertThat(h.condition("Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(h.last.nextSyncAt()).isEqualTo(h.clock.instant().plusSeconds(10));
  }

  @Test
  void aNeverReadyContainerRunsButIsNotReady() {
    var c = TestPods.containerSpec("app", "nginx").withReadinessProbe(TestPods.execProbe(0, 10, 3)).build();
    SyncHarness h = new SyncHarness(TestPods.pod("unready").annotation(SimulatedBehaviour.NEVER_READY, "true").container(c)
        .build());

    for (int i = 0; i < 5; i++) {
      h.sync();
      h.advanceSeconds(10);
    }

    assertThat(h.phase()).isEqualTo("Running");
    assertThat(h.status("app").getReady()).isFalse();
    assertThat(h.condition("Ready").getReason()).isEqualTo("ContainersNotReady");
    assertThat(h.events.withReason("Unhealthy")).hasSize(5).first()
        .satisfies(e -> assertThat(e.message()).startsWith("Readiness probe failed:"));
    assertThat(h.status("app").getRestartCount()).as("readiness never restarts").isZero();
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainerAfterItsFailureThreshold() {
    var c = TestPods.containerSpec("app", "nginx").withLivenessProbe(TestPods.execProbe(0, 10, 3)).build();
    SyncHarness h = new SyncHarness(TestPods.pod("sick").annotation(SimulatedBehaviour.UNHEALTHY_AFTER, "30s").container(c)
        .build());
    h.sync();
    h.advanceSeconds(30);
    h.sync(); // failure 1
    h.advanceSeconds(10);
    h.sync(); // failure 2
    assertThat(h.status("app").getState().getRunning()).isNotNull();
    h.advanceSeconds(10);
    h.sync(); // failure 3: killed

    assertThat(h.events.withReason("Unhealthy")).hasSize(3);
    assertThat(h.events.withReason("Killing")).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("Container app failed liveness probe, will be restarted"));
    assertThat(h.last.nextSyncAt()).isEqualTo(h.clock.instant());
    h.sync();
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);
    assertThat(h.status("app").getState().getRunning()).isNotNull();
    assertThat(h.status("app").getLastState().getTerminated()).isNotNull();
  }

  @Test
  void aStartupProbeHoldsReadinessAndLivenessUntilItSucceeds() {
    var c = TestPods.containerSpec("app", "nginx").withStartupProbe(TestPods.execProbe(20, 5, 3))
        .withLivenessProbe(TestPods.execProbe(0, 10, 1)).withReadinessProbe(TestPods.execProbe(0, 10, 1)).build();
    SyncHarness h = new SyncHarness(TestPods.pod("slow").annotation(SimulatedBehaviour.UNHEALTHY_AFTER, "10s").container(c)
        .build());

    h.sync();
    assertThat(h.status("app").getStarted()).isFalse();
    assertThat(h.status("app").getReady()).isFalse();
    h.advanceSeconds(15);
    h.sync();
    assertThat(h.events.withReason("Unhealthy")).as("liveness waits for startup").isEmpty();
    assertThat(h.last.nextSyncAt()).isEqualTo(h.clock.instant().plusSeconds(5));

    h.advanceSeconds(5);
    h.sync();
    assertThat(h.events.withReason("Unhealthy")).singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("Liveness probe failed"));
    assertThat(h.events.withReason("Killing")).as("liveness runs once started, and fails").hasSize(1);
  }

  @Test
  void aContainerWithoutProbesIsReadyWhenItRuns() {
    SyncHarness h = new SyncHarness(TestPods.pod("plain").container("app", "nginx").build());

    h.sync();

    assertThat(h.status("app").getReady()).isTrue();
    assertThat(h.last.nextSyncAt()).isNull();
  }

  @Test
  void probesOfAnExitedInstanceAreForgotten() {
    var c = TestPods.containerSpec("app", "nginx").withReadinessProbe(TestPods.execProbe(0, 10, 1)).build();
    SyncHarness h = new SyncHarness(TestPods.pod("flaky").annotation(SimulatedBehaviour.FAIL_AFTER, "1m").container(c).build());
    h.sync();
    assertThat(h.status("app").getReady()).isTrue();

    h.advance(Duration.ofMinutes(1));
    h.sync();

    assertThat(h.status("app").getRestartCount()).isEqualTo(1);
    assertThat(h.status("app").getReady()).as("the new instance is probed afresh").isTrue();
  }
}
