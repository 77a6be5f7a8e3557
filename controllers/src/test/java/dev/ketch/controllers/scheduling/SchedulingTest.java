package dev.ketch.controllers.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulingTest {

  @ParameterizedTest(name = "toleration {0}/{1}={2}:{3} against taint {4}={5}:{6}")
  @CsvSource({
      "dedicated, Equal, db, NoSchedule, dedicated, db, NoSchedule, true",
      "dedicated, , db, NoSchedule, dedicated, db, NoSchedule, true",
      "dedicated, Equal, web, NoSchedule, dedicated, db, NoSchedule, false",
      "dedicated, Exists, , , dedicated, db, NoExecute, true",
      ", Exists, , , anything, x, NoSchedule, true",
      "dedicated, Exists, , NoExecute, dedicated, db, NoSchedule, false",
      "other, Exists, , , dedicated, db, NoSchedule, false",
  })
  void tolerations(String key, String operator, String value, String effect, String taintKey, String taintValue, String taintEffect,
      boolean tolerates) {
    Toleration t = new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build();
    Taint taint = new TaintBuilder().withKey(taintKey).withValue(taintValue).withEffect(taintEffect).build();
    assertThat(Taints.tolerates(t, taint)).isEqualTo(tolerates);
  }

  @Test
  void minTolerationTime() {
    Toleration forever = new TolerationBuilder().withKey("a").withOperator("Exists").build();
    Toleration five = new TolerationBuilder().withKey("b").withOperator("Exists").withTolerationSeconds(5L).build();
    Toleration zero = new TolerationBuilder().withKey("c").withOperator("Exists").withTolerationSeconds(0L).build();
    assertThat(Taints.minTolerationTime(List.of(forever))).isNull();
    assertThat(Taints.minTolerationTime(List.of(forever, five))).isEqualTo(Duration.ofSeconds(5));
    assertThat(Taints.minTolerationTime(List.of(five, zero))).isEqualTo(Duration.ZERO);
    assertThat(Taints.minTolerationTime(List.of())).isEqualTo(Duration.ZERO);
  }

  private static Node node(String name, String zone, String cores) {
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels("zone", zone).addToLabels("cores", cores).endMetadata().build();
  }

  @Test
  void requiredNodeAffinityAndNodeSelector() {
    PodSpec spec = new PodSpecBuilder().addToNodeSelector("zone", "a")
        .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("cores").withOperator("Gt").withValues("4").endMatchExpression()
        .endNodeSelectorTerm()
        .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In").withValues("special").endMatchField()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build();
    assertThat(NodeAffinity.matches(spec, node("big", "a", "8"))).isTrue();
    assertThat(NodeAffinity.matches(spec, node("small", "a", "2"))).isFalse();
    assertThat(NodeAffinity.matches(spec, node("special", "a", "2"))).isTrue();
    assertThat(NodeAffinity.matches(spec, node("big", "b", "8"))).as("nodeSelector too").isFalse();
    assertThat(NodeAffinity.targetNodeName(spec)).isEqualTo("special");
  }
}
