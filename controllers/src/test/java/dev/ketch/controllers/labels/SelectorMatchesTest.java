package dev.ketch.controllers.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorMatchesTest {

  private static LabelSelector selector(String operator, String... values) {
    return new LabelSelectorBuilder().addToMatchLabels("app", "web")
        .addNewMatchExpression().withKey("tier").withOperator(operator).withValues(values).endMatchExpression().build();
  }

  @ParameterizedTest(name = "{0} {1} against tier={2}")
  @CsvSource({
      "In, front, front, true",
      "In, front, back, false",
      "In, front, , false",
      "NotIn, front, back, true",
      "NotIn, front, front, false",
      "NotIn, front, , true",
      "Exists, , back, true",
      "Exists, , , false",
      "DoesNotExist, , back, false",
      "DoesNotExist, , , true",
  })
  void expressions(String operator, String value, String tier, boolean matches) {
    LabelSelector s = value == null ? selector(operator) : selector(operator, value);
    Map<String, String> labels = tier == null ? Map.of("app", "web") : Map.of("app", "web", "tier", tier);
    assertThat(Selector.matches(s, labels)).isEqualTo(matches);
  }

  @Test
  void nullMatchesNothingAndEmptyEverything() {
    assertThat(Selector.matches(null, Map.of("a", "b"))).isFalse();
    assertThat(Selector.matches(new LabelSelector(), Map.of("a", "b"))).isTrue();
    assertThat(Selector.isEmpty(new LabelSelector())).isTrue();
    assertThat(Selector.matches(new LabelSelectorBuilder().addToMatchLabels("app", "web").build(), null)).isFalse();
  }
}
