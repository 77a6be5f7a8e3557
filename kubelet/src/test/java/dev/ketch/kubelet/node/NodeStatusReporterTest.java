package dev.ketch.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.kubelet.KubeletConfig;
import dev.ketch.kubelet.events.EventRecorder;
import dev.ketch.kubelet.runtime.simulated.SimulatedRuntime;
import dev.ketch.kubelet.testing.FakeClock;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeStatusReporterTest {

  private final FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
  private final SimulatedRuntime runtime = new SimulatedRuntime(clock, "10.64.0.0/24");
  private final AtomicReference<String> runtimeProblem = new AtomicReference<>("");
  private final NodeStatusReporter reporter = new NodeStatusReporter(null, KubeletConfig.simulated(0), runtime,
      runtime::version, runtimeProblem::get, Pressure.none(), EventRecorder.discarding(), clock);

  private static NodeCondition ready(io.fabric8.kubernetes.api.model.NodeStatus s) {
    return s.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  @Test
  void readyMovesItsTransitionTimeOnlyWhenItsStatusChanges() {
    var first = reporter.compute(clock.instant());
    assertThat(ready(first).getStatus()).isEqualTo("True");
    assertThat(ready(first).getMessage()).isEqualTo("kubelet is posting ready status");

    clock.advanceSeconds(10);
    var second = reporter.compute(clock.instant());
    assertThat(ready(second).getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:10Z");
    assertThat(ready(second).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

    runtimeProblem.set("container runtime is down: unavailable");
    clock.advanceSeconds(10);
    var third = reporter.compute(clock.instant());
    assertThat(ready(third).getStatus()).isEqualTo("False");
    assertThat(ready(third).getReason()).isEqualTo("KubeletNotReady");
    assertThat(ready(third).getMessage()).isEqualTo("container runtime is down: unavailable");
    assertThat(ready(third).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:20Z");
  }

  @Test
  void imagesOnTheNodeAreListedByDigestAndTag() {
    runtime.withImages("nginx:1.27");

    var status = reporter.compute(clock.instant());

    assertThat(status.getImages()).singleElement().satisfies(i -> assertThat(i.getNames())
        .anyMatch(n -> n.startsWith("docker.io/library/nginx@sha256:")).contains("docker.io/library/nginx:1.27"));
    assertThat(status.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("simulated://0.1.0");
  }
}
