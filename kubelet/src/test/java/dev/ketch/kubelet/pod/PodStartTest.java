package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;

class PodStartTest {

  @Test
  void aPodBecomesRunningAndReadyWithUpstreamsStatus() {
    SyncHarness h = new SyncHarness(TestPods.pod("web").container("app", "nginx:1.27").build());

    h.sync();

    assertThat(h.phase()).isEqualTo("Running");
    var s = h.status("app");
    assertThat(s.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(s.getReady()).isTrue();
    assertThat(s.getStarted()).isTrue();
    assertThat(s.getRestartCount()).isZero();
    assertThat(s.getContainerID()).matches("simulated://[0-9a-f]{64}");
    assertThat(s.getImage()).isEqualTo("docker.io/library/nginx:1.27");
    assertThat(s.getImageID()).matches("docker.io/library/nginx@sha256:[0-9a-f]{64}");
    assertThat(s.getLastState().getTerminated()).isNull();
    assertThat(h.pod.getStatus().getConditions()).extracting(PodCondition::getType)
        .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    assertThat(h.pod.getStatus().getConditions()).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(h.condition("PodScheduled").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(h.pod.getStatus().getPodIP()).isEqualTo("10.64.0.2");
    assertThat(h.pod.getStatus().getPodIPs()).extracting(ip -> ip.getIp()).containsExactly("10.64.0.2");
    assertThat(h.pod.getStatus().getHostIP()).isEqualTo("172.16.0.2");
    assertThat(h.pod.getStatus().getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(h.pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    assertThat(h.events.reasons()).containsExactly("Pulling", "Pulled", "Created", "Started");
    assertThat(h.events.withReason("Created").getFirst().fieldPath()).isEqualTo("spec.containers{app}");
  }

  @Test
  void aSecondSyncChangesNothing() {
    SyncHarness h = new SyncHarness(TestPods.pod("web").container("app", "nginx:1.27").build());
    h.sync();
    var first = h.pod.getStatus();
    h.events.clear();
    h.advanceSeconds(30);

    h.sync();

    assertThat(h.pod.getStatus()).isEqualTo(first);
    assertThat(h.events.all()).isEmpty();
    assertThat(h.instances("app")).hasSize(1);
  }

  @Test
  void anImageAlreadyPresentIsNotPulled() {
    SyncHarness h = new SyncHarness(TestPods.pod("web").container("app", "busybox:1.36").build());
    h.runtime.withImages("busybox:1.36");

    h.sync();

    assertThat(h.events.withReason("Pulled")).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("Container image \"busybox:1.36\" already present on machine"));
    assertThat(h.events.reasons()).doesNotContain("Pulling");
  }

  @Test
  void containerStatusesAreSortedByName() {
    SyncHarness h = new SyncHarness(TestPods.pod("web").container("zeta", "nginx").container("alpha", "nginx").build());

    h.sync();

    assertThat(h.pod.getStatus().getContainerStatuses()).extracting(s -> s.getName()).containsExactly("alpha", "zeta");
  }

  @Test
  void hostNetworkPodsTakeTheHostsAddress() {
    var pod = TestPods.pod("net").container("app", "nginx").build();
    pod.getSpec().setHostNetwork(true);
    SyncHarness h = new SyncHarness(pod);

    h.sync();

    assertThat(h.pod.getStatus().getPodIP()).isEqualTo("172.16.0.2");
  }
}
