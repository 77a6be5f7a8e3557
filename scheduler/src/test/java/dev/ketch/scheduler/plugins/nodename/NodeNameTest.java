package dev.ketch.scheduler.plugins.nodename;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ketch.scheduler.framework.CycleState;
import dev.ketch.scheduler.framework.Status;
import dev.ketch.scheduler.testing.MakeNode;
import dev.ketch.scheduler.testing.MakePod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeNameTest {

  @ParameterizedTest(name = "pod wants ''{0}'', node n1: {1}")
  @CsvSource({"'', SUCCESS", "n1, SUCCESS", "n2, UNSCHEDULABLE_AND_UNRESOLVABLE"})
  void filter(String wanted, Status.Code code) {
    Status s = new NodeName().filter(new CycleState(), MakePod.named("p").node(wanted).info(), MakeNode.named("n1").info());
    assertThat(s.code()).isEqualTo(code);
    if (!s.isSuccess()) {
      assertThat(s.reasons()).containsExactly("node(s) didn't match the requested node name");
    }
  }
}
