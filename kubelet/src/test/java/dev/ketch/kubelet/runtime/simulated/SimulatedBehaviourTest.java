package dev.ketch.kubelet.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedBehaviourTest {

  @Test
  void oneValueAppliesToEveryContainer() {
    var b = new SimulatedBehaviour(Map.of(SimulatedBehaviour.EXIT_CODE, "2", "other/annotation", "x"));

    assertThat(b.exit("a")).hasValue(new SimulatedBehaviour.Exit(Duration.ZERO, 2, "Error"));
    assertThat(b.exit("b")).hasValue(new SimulatedBehaviour.Exit(Duration.ZERO, 2, "Error"));
    assertThat(b.annotations()).containsOnlyKeys(SimulatedBehaviour.EXIT_CODE);
  }

  @Test
  void valuesPerContainerApplyOnlyToThoseNamed() {
    var b = new SimulatedBehaviour(Map.of(SimulatedBehaviour.FAIL_AFTER, "app=1m30s, side=500ms",
        SimulatedBehaviour.NEVER_READY, "app=true"));

    assertThat(b.exit("app")).hasValue(new SimulatedBehaviour.Exit(Duration.ofSeconds(90), 1, "Error"));
    assertThat(b.exit("side")).hasValue(new SimulatedBehaviour.Exit(Duration.ofMillis(500), 1, "Error"));
    assertThat(b.exit("other")).isEmpty();
    assertThat(b.neverReady("app")).isTrue();
    assertThat(b.neverReady("side")).isFalse();
  }

  @Test
  void exitCodeZeroCompletesAndOomKilledIs137() {
    assertThat(new SimulatedBehaviour(Map.of(SimulatedBehaviour.EXIT_CODE, "0")).exit("a"))
        .hasValue(new SimulatedBehaviour.Exit(Duration.ZERO, 0, "Completed"));
    assertThat(new SimulatedBehaviour(Map.of(SimulatedBehaviour.EXIT_CODE, "OOMKilled")).exit("a"))
        .hasValue(new SimulatedBehaviour.Exit(Duration.ZERO, 137, "OOMKilled"));
  }

  @Test
  void messagesMayContainCommasWhenGivenForAllContainers() {
    var b = new SimulatedBehaviour(Map.of(SimulatedBehaviour.START_ERROR, "exec: \"x\": not found, really"));

    assertThat(b.startError("app")).hasValue("exec: \"x\": not found, really");
  }
}
