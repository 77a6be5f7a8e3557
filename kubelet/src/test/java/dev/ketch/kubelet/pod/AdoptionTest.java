package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.testing.TestPods;
import org.junit.jupiter.api.Test;

class AdoptionTest {

  @Test
  void aRestartedKubeletAdoptsRunningContainersInsteadOfStartingThemAgain() {
    var c = TestPods.containerSpec("app", "nginx").withReadinessProbe(TestPods.execProbe(0, 10, 3)).build();
    SyncHarness h = new SyncHarness(TestPods.pod("keep").container(c).build());
    h.sync();
    String containerId = h.status("app").getContainerID();
    var before = h.pod.getStatus();
    h.events.clear();

    h.restartKubelet();
    h.advanceSeconds(3);
    h.sync();

    assertThat(h.status("app").getContainerID()).isEqualTo(containerId);
    assertThat(h.status("app").getRestartCount()).isZero();
    assertThat(h.status("app").getReady()).as("readiness carried over, not flapping").isTrue();
    assertThat(h.instances("app")).hasSize(1);
    assertThat(h.runtimePod().sandboxes()).hasSize(1);
    assertThat(h.events.reasons()).doesNotContain("Created", "Started", "SandboxChanged");
    assertThat(h.pod.getStatus()).isEqualTo(before);
  }

  @Test
  void restartCountsSurviveARestart() {
    SyncHarness h = new SyncHarness(TestPods.pod("counted")
        .annotation(dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour.FAIL_AFTER, "1m").container("app", "nginx").build());
    h.sync();
    h.advanceSeconds(60);
    h.sync();
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);

    h.restartKubelet();
    h.advanceSeconds(60);
    h.sync();

    assertThat(h.status("app").getRestartCount()).isEqualTo(2);
  }
}
