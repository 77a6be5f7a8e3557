package dev.ketch.controllers.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorTest {

  static Stream<Arguments> cases() {
    LabelSelector in = new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("In").withValues("a", "b")
        .endMatchExpression().build();
    LabelSelector notIn = new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("a")
        .endMatchExpression().build();
    LabelSelector exists = new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("Exists").endMatchExpression().build();
    LabelSelector absent = new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("DoesNotExist")
        .endMatchExpression().build();
    LabelSelector both = new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).addNewMatchExpression().withKey("tier")
        .withOperator("In").withValues("a").endMatchExpression().build();
    return Stream.of(
        Arguments.of("In matches a listed value", in, Map.of("tier", "b"), true),
        Arguments.of("In needs the key", in, Map.of(), false),
        Arguments.of("NotIn matches a missing key", notIn, Map.of(), true),
        Arguments.of("NotIn refuses a listed value", notIn, Map.of("tier", "a"), false),
        Arguments.of("Exists", exists, Map.of("tier", ""), true),
        Arguments.of("DoesNotExist", absent, Map.of("tier", "x"), false),
        Arguments.of("matchLabels and expressions both hold", both, Map.of("app", "web", "tier", "a"), true),
        Arguments.of("matchLabels and expressions: one fails", both, Map.of("app", "api", "tier", "a"), false),
        Arguments.of("empty selects everything", new LabelSelector(), Map.of("x", "y"), true),
        Arguments.of("null selects nothing", null, Map.of("x", "y"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches(String name, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(Selector.of(selector).matches(labels)).isEqualTo(expected);
  }

  @Test
  void valuesMustFitTheOperator() {
    assertThatThrownBy(() -> Selector.of(new LabelSelectorBuilder().addNewMatchExpression().withKey("k").withOperator("In")
        .endMatchExpression().build())).hasMessageContaining("must be non-empty");
    assertThatThrownBy(() -> Selector.of(new LabelSelectorBuilder().addNewMatchExpression().withKey("k").withOperator("Gt")
        .withValues("1").endMatchExpression().build())).hasMessageContaining("unknown");
  }

  @Test
  void printsAsKubectlDoes() {
    assertThat(Selector.ofMap(Map.of("b", "2", "a", "1")).toString()).isEqualTo("a=1,b=2");
  }
}
