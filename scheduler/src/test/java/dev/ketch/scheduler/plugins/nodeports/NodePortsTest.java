package dev.ketch.scheduler.plugins.nodeports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodePortsTest {

  @ParameterizedTest(name = "existing {0}/{1}@{2}, wanted {3}/{4}@{5}: conflict={6}")
  @CsvSource({
      "8080, TCP, '', 8080, TCP, '', true",
      "8080, TCP, '', 8081, TCP, '', false",
      "8080, TCP, '', 8080, UDP, '', false",
      "8080, TCP, 10.0.0.1, 8080, TCP, 10.0.0.2, false",
      "8080, TCP, 10.0.0.1, 8080, TCP, 10.0.0.1, true",
      "8080, TCP, 0.0.0.0, 8080, TCP, 10.0.0.2, true",
      "8080, TCP, 10.0.0.1, 8080, TCP, '', true",
  })
  void conflicts(int port, String proto, String ip, int wantPort, String wantProto, String wantIp, boolean conflict) {
    var node = MakeNode.named("n").info(MakePod.named("e").node("n").hostPort(port, proto, ip).info());
    var s = new NodePorts().filter(new CycleState(), MakePod.named("p").hostPort(wantPort, wantProto, wantIp).info(), node);
    assertThat(s.isSuccess()).isEqualTo(!conflict);
    if (conflict) {
      assertThat(s.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
    }
  }

  @Test
  void podsWithoutHostPortsSkipTheFilter() {
    assertThat(new NodePorts().preFilter(new CycleState(), MakePod.named("p").info(), java.util.List.of()).status().isSkip()).isTrue();
  }
}
