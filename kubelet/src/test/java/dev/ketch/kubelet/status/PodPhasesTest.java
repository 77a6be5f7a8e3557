package dev.ketch.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodPhasesTest {

  /** A container's state in short: running, waiting, waiting-after-exit:N, exited:N, or none. */
  private static ContainerStatus status(String name, String state) {
    ContainerStatusBuilder b = new ContainerStatusBuilder().withName(name);
    if (state.equals("running")) {
      b.withNewState().withNewRunning().endRunning().endState();
    } else if (state.equals("waiting")) {
      b.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState();
    } else if (state.startsWith("waiting-after-exit:")) {
      b.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
          .withNewLastState().withNewTerminated().withExitCode(Integer.parseInt(state.substring(19))).endTerminated().endLastState();
    } else if (state.startsWith("exited:")) {
      b.withNewState().withNewTerminated().withExitCode(Integer.parseInt(state.substring(7))).endTerminated().endState();
    }
    return b.build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nothing known yet", "Always", "", "none,none", false, "Pending"),
        Arguments.of("one waiting", "Always", "", "running,waiting", false, "Pending"),
        Arguments.of("all running", "Always", "", "running,running", false, "Running"),
        Arguments.of("always, all exited", "Always", "", "exited:0,exited:1", false, "Running"),
        Arguments.of("never, all succeeded", "Never", "", "exited:0,exited:0", false, "Succeeded"),
        Arguments.of("never, one failed", "Never", "", "exited:0,exited:1", false, "Failed"),
        Arguments.of("onFailure, one failed", "OnFailure", "", "exited:0,exited:1", false, "Running"),
        Arguments.of("onFailure, all succeeded", "OnFailure", "", "exited:0,exited:0", false, "Succeeded"),
        Arguments.of("crash looping", "Always", "", "waiting-after-exit:1,running", false, "Running"),
        Arguments.of("terminal pod, always, succeeded", "Always", "", "exited:0,exited:0", true, "Succeeded"),
        Arguments.of("terminal pod, always, killed", "Always", "", "exited:0,exited:137", true, "Failed"),
        Arguments.of("init running", "Always", "running", "none,none", false, "Pending"),
        Arguments.of("init failed under never", "Never", "exited:1", "none,none", false, "Failed"),
        Arguments.of("init failed under always", "Always", "waiting-after-exit:1", "none,none", false, "Pending"),
        Arguments.of("init done", "Always", "exited:0", "running,running", false, "Running"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void phaseFromContainerStates(String name, String policy, String init, String apps, boolean terminal, String expected) {
    PodSpecBuilder spec = new PodSpecBuilder().withRestartPolicy(policy);
    List<ContainerStatus> initStatuses = new ArrayList<>();
    if (!init.isEmpty()) {
      spec.addToInitContainers(new ContainerBuilder().withName("init").build());
      initStatuses.add(status("init", init));
    }
    List<ContainerStatus> statuses = new ArrayList<>();
    String[] states = apps.split(",");
    for (int i = 0; i < states.length; i++) {
      spec.addToContainers(new ContainerBuilder().withName("c" + i).build());
      if (!states[i].equals("none")) {
        statuses.add(status("c" + i, states[i]));
      }
    }
    PodSpec built = spec.build();

    assertThat(PodPhases.phase(built, initStatuses, statuses, terminal)).isEqualTo(expected);
  }
}
