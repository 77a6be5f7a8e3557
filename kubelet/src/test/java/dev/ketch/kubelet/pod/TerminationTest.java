package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import org.junit.jupiter.api.Test;

class TerminationTest {

  private static void markDeleted(SyncHarness h, long grace) {
    h.pod.getMetadata().setDeletionTimestamp("2026-01-01T00:01:00Z");
    h.pod.getMetadata().setDeletionGracePeriodSeconds(grace);
  }

  @Test
  void aDeletedPodIsStoppedWithItsPreStopHookAndGetsATerminalPhase() {
    var c = TestPods.containerSpec("app", "nginx").withLifecycle(new LifecycleBuilder().withNewPreStop().withNewExec()
        .withCommand("sh", "-c", "nginx -s quit").endExec().endPreStop().build()).build();
    SyncHarness h = new SyncHarness(TestPods.pod("bye").container(c).container("side", "busybox:1.36").build());
    h.sync();
    markDeleted(h, 30);

    var outcome = h.sync();

    assertThat(outcome.terminated()).isTrue();
    assertThat(outcome.nextSyncAt()).isNull();
    assertThat(h.events.withReason("Killing")).extracting(e -> e.message())
        .containsExactlyInAnyOrder("Stopping container app", "Stopping container side");
    assertThat(h.runtimePod().all()).allSatisfy(i -> assertThat(i.state()).isEqualTo(ContainerState.EXITED));
    assertThat(h.runtimePod().readySandbox()).isNull();
    assertThat(h.phase()).isEqualTo("Succeeded");
    assertThat(h.status("app").getState().getTerminated().getExitCode()).isZero();
    assertThat(h.condition("Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void aPodWhosePhaseIsTerminalIsNotRestarted() {
    SyncHarness h = new SyncHarness(TestPods.pod("done").container("app", "nginx").build());
    h.sync();
    h.pod.getStatus().setPhase("Failed");

    var outcome = h.sync();

    assertThat(outcome.terminated()).isTrue();
    assertThat(h.phase()).isEqualTo("Failed");
    assertThat(h.runtimePod().readySandbox()).isNull();
  }

  @Test
  void cleanupRemovesEverythingTheRuntimeHolds() {
    SyncHarness h = new SyncHarness(TestPods.pod("gone").container("app", "nginx").build());
    h.sync();

    h.syncer.cleanup(h.pod.getMetadata().getUid());

    assertThat(h.runtimePod().isEmpty()).isTrue();
    assertThat(h.runtime.size()).containsExactly(0, 0);
  }

  @Test
  void aLostSandboxIsRecreatedAndItsContainersRestarted() {
    SyncHarness h = new SyncHarness(TestPods.pod("lost").container("app", "nginx").build());
    h.sync();
    h.runtime.stopPodSandbox(h.runtimePod().sandboxes().getFirst().id());

    h.sync();

    assertThat(h.events.reasons()).contains("SandboxChanged");
    assertThat(h.runtimePod().sandboxes()).hasSize(2);
    assertThat(h.runtimePod().readySandbox().metadata().attempt()).isEqualTo(1);
    assertThat(h.status("app").getState().getRunning()).isNotNull();
    assertThat(h.status("app").getRestartCount()).isEqualTo(1);
  }

  @Test
  void aNewSandboxRunsTheInitContainersAgain() {
    SyncHarness h = new SyncHarness(TestPods.pod("reinit")
        .annotation(dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour.EXIT_CODE, "setup=0")
        .initContainer("setup", "busybox:1.36").container("app", "nginx").build());
    h.sync();
    h.sync();
    assertThat(h.status("app").getState().getRunning()).isNotNull();
    String firstSetup = h.initStatus("setup").getContainerID();
    h.runtime.stopPodSandbox(h.runtimePod().readySandbox().id());

    h.sync();

    assertThat(h.initStatus("setup").getContainerID()).isNotEqualTo(firstSetup);
    assertThat(h.instances("app")).allSatisfy(i -> assertThat(i.state()).isEqualTo(ContainerState.EXITED));
    h.sync();
    assertThat(h.status("app").getState().getRunning()).isNotNull();
  }
}
