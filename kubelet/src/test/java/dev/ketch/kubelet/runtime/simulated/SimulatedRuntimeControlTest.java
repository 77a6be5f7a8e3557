package dev.ketch.kubelet.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.ketch.kubelet.runtime.ContainerConfig;
import dev.ketch.kubelet.runtime.ContainerFilter;
import dev.ketch.kubelet.runtime.ContainerMetadata;
import dev.ketch.kubelet.runtime.ContainerRuntimeException;
import dev.ketch.kubelet.runtime.ContainerState;
import dev.ketch.kubelet.runtime.CriLabels;
import dev.ketch.kubelet.runtime.DnsConfig;
import dev.ketch.kubelet.runtime.ImageSpec;
import dev.ketch.kubelet.runtime.LinuxResources;
import dev.ketch.kubelet.runtime.PodSandboxConfig;
import dev.ketch.kubelet.runtime.PodSandboxFilter;
import dev.ketch.kubelet.runtime.PodSandboxMetadata;
import dev.ketch.kubelet.runtime.PodSandboxState;
import dev.ketch.kubelet.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a test controlling simulated nodes does to their containers: node-wide behaviour, exits on demand. */
class SimulatedRuntimeControlTest {

  private final FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");

  private static PodSandboxConfig sandbox(String name, Map<String, String> annotations) {
    return new PodSandboxConfig(new PodSandboxMetadata(name, name + "-uid", "default", 0), name, "/var/log/pods/x",
        DnsConfig.none(), List.of(), false, "", Map.of(CriLabels.POD_UID, name + "-uid"), annotations);
  }

  private static ContainerConfig container(String pod, String name) {
    return new ContainerConfig(new ContainerMetadata(name, 0), "nginx", List.of(), List.of(), "", List.of(), List.of(),
        LinuxResources.none(), name + "/0.log", false, false,
        Map.of(CriLabels.POD_UID, pod + "-uid", CriLabels.CONTAINER_NAME, name), Map.of(CriLabels.RESTART_COUNT, "0"));
  }

  private static String started(SimulatedRuntime runtime, String pod, Map<String, String> annotations) {
    PodSandboxConfig config = sandbox(pod, annotations);
    String s = runtime.runPodSandbox(config);
    runtime.pullImage(ImageSpec.of("nginx"), null);
    String id = runtime.createContainer(s, container(pod, "app"), config);
    runtime.startContainer(id);
    return id;
  }

  @Test
  void exitContainersEndsTheRunningContainersOfThatPodOnly() {
    SimulatedRuntime runtime = new SimulatedRuntime(clock, "10.64.3.0/24");
    String mine = started(runtime, "mine", Map.of());
    String other = started(runtime, "other", Map.of());

    assertThat(runtime.exitContainers("default", "mine", 7)).isEqualTo(1);

    assertThat(runtime.containerStatus(mine).state()).isEqualTo(ContainerState.EXITED);
    assertThat(runtime.containerStatus(mine).exitCode()).isEqualTo(7);
    assertThat(runtime.containerStatus(mine).reason()).isEqualTo("Error");
    assertThat(runtime.containerStatus(other).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(runtime.exitContainers("default", "mine", 0)).isZero();
    assertThat(runtime.exitContainers("elsewhere", "other", 0)).isZero();
  }

  @Test
  void defaultBehaviourAppliesToEveryPodUnlessItsOwnAnnotationsSayOtherwise() {
    SimulatedRuntime runtime = new SimulatedRuntime(clock, "10.64.3.0/24")
        .withDefaultBehaviour(Map.of(SimulatedBehaviour.EXIT_CODE, "3"));
    String plain = started(runtime, "plain", Map.of());
    String own = started(runtime, "own", Map.of(SimulatedBehaviour.EXIT_CODE, "0"));
    clock.advance(Duration.ofSeconds(1));

    assertThat(runtime.containerStatus(plain).exitCode()).isEqualTo(3);
    assertThat(runtime.containerStatus(own).state()).isEqualTo(ContainerState.EXITED);
    assertThat(runtime.containerStatus(own).exitCode()).isZero();
  }
}
