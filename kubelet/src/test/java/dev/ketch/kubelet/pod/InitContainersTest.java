package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;
import dev.ketch.kubelet.testing.TestPods;
import org.junit.jupiter.api.Test;

class InitContainersTest {

  private static TestPods twoInits() {
    return TestPods.pod("init").initContainer("first", "busybox:1.36").initContainer("second", "busybox:1.36")
        .container("app", "nginx");
  }

  @Test
  void initContainersRunOneAtATimeInOrderBeforeAppContainers() {
    SyncHarness h = new SyncHarness(twoInits().annotation(SimulatedBehaviour.FAIL_AFTER, "first=5s,second=5s")
        .annotation(SimulatedBehaviour.EXIT_CODE, "first=0,second=0").build());

    h.sync();
    assertThat(h.instances("first")).hasSize(1);
    assertThat(h.instances("second")).isEmpty();
    assertThat(h.instances("app")).isEmpty();
    assertThat(h.phase()).isEqualTo("Pending");
    assertThat(h.initStatus("first").getState().getRunning()).isNotNull();
    assertThat(h.initStatus("second").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(h.condition("Initialized").getStatus()).isEqualTo("False");
    assertThat(h.condition("Initialized").getReason()).isEqualTo("ContainersNotInitialized");
    assertThat(h.condition("Initialized").getMessage()).isEqualTo("containers with incomplete status: [first second]");

    h.advanceSeconds(5);
    h.sync();
    assertThat(h.initStatus("first").getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(h.initStatus("first").getReady()).isTrue();
    assertThat(h.instances("second")).hasSize(1);
    assertThat(h.instances("app")).isEmpty();

    h.advanceSeconds(5);
    h.sync();
    assertThat(h.instances("app")).hasSize(1);
    assertThat(h.phase()).isEqualTo("Running");
    assertThat(h.condition("Initialized").getStatus()).isEqualTo("True");
    assertThat(h.pod.getStatus().getInitContainerStatuses()).extracting(s -> s.getName()).containsExactly("first", "second");
  }

  @Test
  void aFailedInitContainerUnderNeverFailsThePod() {
    SyncHarness h = new SyncHarness(twoInits().restartPolicy("Never").annotation(SimulatedBehaviour.EXIT_CODE, "first=7")
        .build());

    h.sync();
    h.sync();

    assertThat(h.phase()).isEqualTo("Failed");
    assertThat(h.initStatus("first").getState().getTerminated().getExitCode()).isEqualTo(7);
    assertThat(h.instances("second")).isEmpty();
    assertThat(h.instances("app")).isEmpty();
  }

  @Test
  void aFailedInitContainerUnderAlwaysIsRetriedWithBackOffAndAppContainersWait() {
    SyncHarness h = new SyncHarness(twoInits().annotation(SimulatedBehaviour.EXIT_CODE, "first=1").build());

    h.sync();
    h.sync();
    assertThat(h.initStatus("first").getRestartCount()).isEqualTo(1);
    h.sync();

    assertThat(h.initStatus("first").getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(h.phase()).isEqualTo("Pending");
    assertThat(h.instances("app")).isEmpty();
    assertThat(h.events.withReason("BackOff").getFirst().fieldPath()).isEqualTo("spec.initContainers{first}");
  }
}
