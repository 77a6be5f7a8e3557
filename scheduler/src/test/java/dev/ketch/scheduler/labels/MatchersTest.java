package dev.ketch.scheduler.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.scheduler.testing.MakeNode;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchersTest {

  private static final Node NODE = MakeNode.named("n1").label("zone", "a").label("cores", "8").obj();

  @ParameterizedTest(name = "{0} {1} [{2}] on zone=a,cores=8: {3}")
  @CsvSource({
      "zone, In, a;b, true",
      "zone, In, b, false",
      "zone, NotIn, b, true",
      "zone, NotIn, a, false",
      "missing, NotIn, a, true",
      "zone, Exists, , true",
      "missing, Exists, , false",
      "missing, DoesNotExist, , true",
      "zone, DoesNotExist, , false",
      "cores, Gt, 4, true",
      "cores, Gt, 8, false",
      "cores, Lt, 16, true",
      "cores, Lt, 8, false",
      "zone, Gt, 1, false",
      "missing, Lt, 1, false",
  })
  void nodeSelectorOperators(String key, String op, String values, boolean matches) {
    var req = new NodeSelectorRequirementBuilder().withKey(key).withOperator(op);
    if (values != null) {
      req.withValues(values.split(";"));
    }
    var selector = new NodeSelectorBuilder().withNodeSelectorTerms(new NodeSelectorTermBuilder().withMatchExpressions(req.build()).build())
        .build();
    assertThat(NodeSelectorMatcher.of(selector).matches(NODE)).isEqualTo(matches);
  }

  @Test
  void termsAreOredAndAnEmptySelectorMatchesNothing() {
    var miss = new NodeSelectorTermBuilder().withMatchExpressions(
        new NodeSelectorRequirementBuilder().withKey("zone").withOperator("In").withValues("z").build()).build();
    var hit = new NodeSelectorTermBuilder().withMatchFields(
        new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In").withValues("n1").build()).build();
    assertThat(NodeSelectorMatcher.of(new NodeSelectorBuilder().withNodeSelectorTerms(miss, hit).build()).matches(NODE)).isTrue();
    assertThat(NodeSelectorMatcher.of(new NodeSelectorBuilder().build()).matches(NODE)).isFalse();
    assertThat(NodeSelectorMatcher.of(new NodeSelectorBuilder().withNodeSelectorTerms(new NodeSelectorTermBuilder().build()).build())
        .matches(NODE)).isFalse();
  }

  @Test
  void badRequirementsAreRefusedWithUpstreamWording() {
    var gtTwoValues = new NodeSelectorBuilder().withNodeSelectorTerms(new NodeSelectorTermBuilder().withMatchExpressions(
        new NodeSelectorRequirementBuilder().withKey("k").withOperator("Gt").withValues("1", "2").build()).build()).build();
    assertThatThrownBy(() -> NodeSelectorMatcher.of(gtTwoValues)).hasMessageContaining("exactly one value");
    var badField = new NodeSelectorBuilder().withNodeSelectorTerms(new NodeSelectorTermBuilder().withMatchFields(
        new NodeSelectorRequirementBuilder().withKey("metadata.labels").withOperator("In").withValues("x").build()).build()).build();
    assertThatThrownBy(() -> NodeSelectorMatcher.of(badField)).hasMessage("not a valid field selector key: metadata.labels");
  }

  @Test
  void labelSelectorsAsApimachinery() {
    assertThat(LabelMatcher.of(null).matches(Map.of("a", "b"))).isFalse();
    assertThat(LabelMatcher.of(new LabelSelectorBuilder().build()).matches(Map.of())).isTrue();
    var sel = new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web"))
        .addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("db").endMatchExpression().build();
    assertThat(LabelMatcher.of(sel).matches(Map.of("app", "web"))).isTrue();
    assertThat(LabelMatcher.of(sel).matches(Map.of("app", "web", "tier", "db"))).isFalse();
    assertThat(LabelMatcher.of(sel).matches(Map.of("app", "api"))).isFalse();
  }

  @ParameterizedTest(name = "toleration {0} {1} {2} {3} vs taint {4}={5}:{6}: {7}")
  @CsvSource({
      "k, Equal, v, NoSchedule, k, v, NoSchedule, true",
      "k, Equal, other, NoSchedule, k, v, NoSchedule, false",
      "k, , v, , k, v, NoExecute, true",
      "k, Exists, , NoSchedule, k, v, NoSchedule, true",
      ", Exists, , , any, v, NoSchedule, true",
      ", Equal, v, , k, v, NoSchedule, false",
      "k, Exists, , PreferNoSchedule, k, v, NoSchedule, false",
      "other, Exists, , , k, v, NoSchedule, false",
  })
  void tolerations(String key, String op, String value, String effect, String tKey, String tValue, String tEffect, boolean tolerates) {
    var toleration = new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect).build();
    var taint = new TaintBuilder().withKey(tKey).withValue(tValue).withEffect(tEffect).build();
    assertThat(Taints.tolerates(toleration, taint)).isEqualTo(tolerates);
  }
}
