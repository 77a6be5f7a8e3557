package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.runtime.simulated.SimulatedBehaviour;
import dev.ketch.kubelet.testing.TestPods;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadInputTest {

  @Test
  void anImageThatIsNotPresentUnderPullPolicyNeverIsErrImageNeverPull() {
    var c = TestPods.containerSpec("app", "local/missing:1").withImagePullPolicy("Never").build();
    SyncHarness h = new SyncHarness(TestPods.pod("never").container(c).build());

    h.sync();

    var waiting = h.status("app").getState().getWaiting();
    assertThat(waiting.getReason()).isEqualTo("ErrImageNeverPull");
    assertThat(waiting.getMessage()).isEqualTo("Container image \"local/missing:1\" is not present with pull policy of Never");
    assertThat(h.events.reasons()).containsExactly("ErrImageNeverPull", "Failed");
    assertThat(h.phase()).isEqualTo("Pending");
    assertThat(h.last.nextSyncAt()).isNotNull();
  }

  @Test
  void aFailedPullIsErrImagePullThenImagePullBackOff() {
    SyncHarness h = new SyncHarness(TestPods.pod("pull").annotation(SimulatedBehaviour.PULL_ERROR,
        "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nope:1\": not found")
        .container("app", "nope:1").build());

    h.sync();
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    assertThat(h.status("app").getState().getWaiting().getMessage()).contains("not found");

    h.advanceSeconds(5);
    h.sync();
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
    assertThat(h.status("app").getState().getWaiting().getMessage()).isEqualTo("Back-off pulling image \"nope:1\"");
    assertThat(h.events.withReason("Pulling")).hasSize(1);

    h.advanceSeconds(5);
    h.sync();
    assertThat(h.events.withReason("Pulling")).as("pulled again once the back-off ends").hasSize(2);
  }

  @Test
  void aCommandThatCannotRunIsRunContainerErrorThenCrashLoopBackOff() {
    SyncHarness h = new SyncHarness(TestPods.pod("nocmd").annotation(SimulatedBehaviour.START_ERROR,
        "exec: \"/bin/nope\": stat /bin/nope: no such file or directory: unknown").container("app", "busybox:1.36").build());

    h.sync();
    var s = h.status("app");
    assertThat(s.getState().getWaiting().getReason()).isEqualTo("RunContainerError");
    assertThat(s.getState().getWaiting().getMessage()).contains("/bin/nope");
    assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("StartError");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(128);
    assertThat(h.events.withReason("Failed").getFirst().message()).startsWith("Error: exec:");

    h.sync(); // restarted at once, fails again
    h.sync(); // now backing off
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
  }

  @Test
  void aRefusedConfigIsCreateContainerError() {
    SyncHarness h = new SyncHarness(TestPods.pod("badcfg").annotation(SimulatedBehaviour.CREATE_ERROR, "invalid mount")
        .container("app", "busybox:1.36").build());

    h.sync();

    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("CreateContainerError");
    assertThat(h.status("app").getState().getWaiting().getMessage()).isEqualTo("invalid mount");
  }

  @Test
  void aMissingConfigMapInEnvIsCreateContainerConfigErrorUntilItExists() {
    var c = TestPods.containerSpec("app", "busybox:1.36").withEnv(new EnvVarBuilder().withName("MODE").withNewValueFrom()
        .withNewConfigMapKeyRef().withName("settings").withKey("mode").endConfigMapKeyRef().endValueFrom().build()).build();
    SyncHarness h = new SyncHarness(TestPods.pod("env").container(c).build());

    h.sync();
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(h.status("app").getState().getWaiting().getMessage()).isEqualTo("configmap \"settings\" not found");

    h.objects.configMap("default", "settings", Map.of("mode", "fast"));
    h.advanceSeconds(10);
    h.sync();
    assertThat(h.status("app").getState().getRunning()).isNotNull();
  }

  @Test
  void aMissingConfigMapVolumeIsFailedMountAndTheContainerWaits() {
    var c = TestPods.containerSpec("app", "busybox:1.36")
        .withVolumeMounts(new VolumeMountBuilder().withName("cfg").withMountPath("/etc/cfg").build()).build();
    var pod = TestPods.pod("vol").container(c).build();
    pod.getSpec().setVolumes(java.util.List.of(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("absent")
        .endConfigMap().build()));
    SyncHarness h = new SyncHarness(pod);

    h.sync();
    assertThat(h.events.withReason("FailedMount")).singleElement().satisfies(e -> assertThat(e.message())
        .isEqualTo("MountVolume.SetUp failed for volume \"cfg\" : configmap \"absent\" not found"));
    assertThat(h.status("app").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(h.instances("app")).isEmpty();
    assertThat(h.last.nextSyncAt()).isEqualTo(h.clock.instant().plusSeconds(2));

    h.objects.configMap("default", "absent", Map.of("k", "v"));
    h.advanceSeconds(2);
    h.sync();
    assertThat(h.status("app").getState().getRunning()).isNotNull();
    assertThat(h.status("app").getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/cfg"));
  }

  @Test
  void anUnboundClaimIsFailedMount() {
    var pod = TestPods.pod("pvc").container("app", "busybox:1.36").build();
    pod.getSpec().setVolumes(java.util.List.of(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim()
        .withClaimName("data").endPersistentVolumeClaim().build()));
    SyncHarness h = new SyncHarness(pod);
    h.sync();
    assertThat(h.events.withReason("FailedMount").getFirst().message())
        .isEqualTo("MountVolume.SetUp failed for volume \"data\" : persistentvolumeclaim \"data\" not found");

    h.objects.claim(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("default")
        .withName("data").endMetadata().withNewStatus().withPhase("Pending").endStatus().build());
    h.advanceSeconds(2);
    h.sync();
    assertThat(h.events.withReason("FailedMount").getLast().message()).contains("has non-bound phase (\"Pending\")");

    h.objects.claim(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("default")
        .withName("data").endMetadata().withNewSpec().withVolumeName("pv-1").endSpec().withNewStatus().withPhase("Bound")
        .endStatus().build());
    h.advanceSeconds(4);
    h.sync();
    assertThat(h.status("app").getState().getRunning()).isNotNull();
  }

  @Test
  void oneBadContainerDoesNotStopItsNeighbour() {
    var bad = TestPods.containerSpec("bad", "local/missing:1").withImagePullPolicy("Never").build();
    SyncHarness h = new SyncHarness(TestPods.pod("mixed").container(bad).container("good", "nginx").build());

    h.sync();

    assertThat(h.status("good").getState().getRunning()).isNotNull();
    assertThat(h.status("bad").getState().getWaiting().getReason()).isEqualTo("ErrImageNeverPull");
    assertThat(h.phase()).isEqualTo("Pending");
  }
}
