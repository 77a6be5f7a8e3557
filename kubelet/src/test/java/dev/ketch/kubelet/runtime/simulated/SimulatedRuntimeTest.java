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

class SimulatedRuntimeTest {

  private final FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
  private final SimulatedRuntime runtime = new SimulatedRuntime(clock, "10.64.3.0/24");

  private static PodSandboxConfig sandbox(String uid, Map<String, String> annotations) {
    return new PodSandboxConfig(new PodSandboxMetadata("p", uid, "default", 0), "p", "/var/log/pods/x", DnsConfig.none(),
        List.of(), false, "", Map.of(CriLabels.POD_UID, uid), annotations);
  }

  private static ContainerConfig container(String uid, String name, String image) {
    return new ContainerConfig(new ContainerMetadata(name, 0), image, List.of(), List.of(), "", List.of(), List.of(),
        LinuxResources.none(), name + "/0.log", false, false, Map.of(CriLabels.POD_UID, uid, CriLabels.CONTAINER_NAME, name),
        Map.of(CriLabels.RESTART_COUNT, "0"));
  }

  @Test
  void sandboxesGetAddressesFromThePodRangeAndGiveThemBackWhenStopped() {
    String a = runtime.runPodSandbox(sandbox("a", Map.of()));
    String b = runtime.runPodSandbox(sandbox("b", Map.of()));
    assertThat(runtime.podSandboxStatus(a).ips()).containsExactly("10.64.3.2");
    assertThat(runtime.podSandboxStatus(b).ips()).containsExactly("10.64.3.3");

    runtime.stopPodSandbox(a);
    assertThat(runtime.podSandboxStatus(a).state()).isEqualTo(PodSandboxState.NOTREADY);
    String c = runtime.runPodSandbox(sandbox("c", Map.of()));
    assertThat(runtime.podSandboxStatus(c).ips()).containsExactly("10.64.3.2");
    assertThat(runtime.listPodSandboxes(new PodSandboxFilter(Map.of(), PodSandboxState.READY))).hasSize(2);
  }

  @Test
  void containersRunUntilStoppedAndCarryTheirLabels() {
    String s = runtime.runPodSandbox(sandbox("a", Map.of()));
    runtime.pullImage(ImageSpec.of("nginx"), null);
    String id = runtime.createContainer(s, container("a", "app", "nginx"), sandbox("a", Map.of()));
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.CREATED);

    runtime.startContainer(id);
    clock.advance(Duration.ofHours(5));
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(runtime.listContainers(ContainerFilter.ofPod("a"))).singleElement()
        .satisfies(c -> assertThat(c.labels()).containsEntry(CriLabels.CONTAINER_NAME, "app"));
    assertThat(runtime.execSync(id, List.of("true"), Duration.ofSeconds(1)).exitCode()).isZero();

    runtime.stopContainer(id, Duration.ofSeconds(30));
    var stopped = runtime.containerStatus(id);
    assertThat(stopped.state()).isEqualTo(ContainerState.EXITED);
    assertThat(stopped.exitCode()).isZero();
    assertThat(stopped.finishedAt()).isEqualTo(clock.instant());
    runtime.stopContainer(id, Duration.ZERO); // idempotent
    runtime.removeContainer(id);
    runtime.removeContainer(id); // idempotent
    assertThatThrownBy(() -> runtime.containerStatus(id)).isInstanceOf(ContainerRuntimeException.class)
        .satisfies(e -> assertThat(((ContainerRuntimeException) e).isNotFound()).isTrue());
  }

  @Test
  void annotatedContainersExitOnTheirOwnWhenTheirTimeComesWithoutAnyThread() {
    var config = sandbox("a", Map.of(SimulatedBehaviour.FAIL_AFTER, "app=30s", SimulatedBehaviour.EXIT_CODE, "app=3"));
    String s = runtime.runPodSandbox(config);
    runtime.withImages("busybox");
    String id = runtime.createContainer(s, container("a", "app", "busybox"), config);
    runtime.startContainer(id);

    clock.advance(Duration.ofSeconds(29));
    assertThat(runtime.containerStatus(id).state()).isEqualTo(ContainerState.RUNNING);
    clock.advance(Duration.ofSeconds(10));
    var exited = runtime.containerStatus(id);
    assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
    assertThat(exited.exitCode()).isEqualTo(3);
    assertThat(exited.reason()).isEqualTo("Error");
    assertThat(exited.finishedAt()).isEqualTo(exited.startedAt().plusSeconds(30));
  }

  @Test
  void errorsCarryCodesTheKubeletMapsToWaitingReasons() {
    var config = sandbox("a", Map.of(SimulatedBehaviour.START_ERROR, "exec: not found", SimulatedBehaviour.PULL_ERROR, "denied"));
    String s = runtime.runPodSandbox(config);

    assertThatThrownBy(() -> runtime.createContainer(s, container("a", "app", "absent"), config))
        .satisfies(e -> assertThat(((ContainerRuntimeException) e).code()).isEqualTo(ContainerRuntimeException.Code.IMAGE_NOT_PRESENT));
    assertThatThrownBy(() -> runtime.pullImage(new ImageSpec("absent", Map.of(CriLabels.CONTAINER_NAME, "app")), config))
        .satisfies(e -> assertThat(((ContainerRuntimeException) e).code()).isEqualTo(ContainerRuntimeException.Code.IMAGE_PULL_FAILED));

    runtime.withImages("absent");
    String id = runtime.createContainer(s, container("a", "app", "absent"), config);
    assertThatThrownBy(() -> runtime.startContainer(id))
        .satisfies(e -> assertThat(((ContainerRuntimeException) e).code()).isEqualTo(ContainerRuntimeException.Code.COMMAND_NOT_FOUND));
    assertThat(runtime.containerStatus(id).exitCode()).isEqualTo(128);
    assertThat(runtime.containerStatus(id).reason()).isEqualTo("StartError");
  }

  @Test
  void imagesAreNamedAsDockerNormalisesThem() {
    String ref = runtime.pullImage(ImageSpec.of("nginx"), null);

    assertThat(ref).startsWith("docker.io/library/nginx@sha256:");
    assertThat(runtime.imageStatus(ImageSpec.of("docker.io/library/nginx:latest"))).isPresent();
    assertThat(runtime.imageStatus(ImageSpec.of("nginx:1.27"))).isEmpty();
    assertThat(runtime.listImages()).singleElement().satisfies(i -> assertThat(i.repoTags()).containsExactly("docker.io/library/nginx:latest"));
    runtime.removeImage(ImageSpec.of("nginx"));
    assertThat(runtime.listImages()).isEmpty();
  }

  @Test
  void removingASandboxRemovesItsContainers() {
    String s = runtime.runPodSandbox(sandbox("a", Map.of()));
    runtime.withImages("nginx");
    String id = runtime.createContainer(s, container("a", "app", "nginx"), sandbox("a", Map.of()));
    runtime.startContainer(id);

    runtime.removePodSandbox(s);

    assertThat(runtime.size()).containsExactly(0, 0);
  }
}
