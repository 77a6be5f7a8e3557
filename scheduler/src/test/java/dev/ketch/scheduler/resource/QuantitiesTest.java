package dev.ketch.scheduler.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

  @ParameterizedTest(name = "{0} = {1} units, {2} milli")
  @CsvSource({
      "0, 0, 0",
      "1, 1, 1000",
      "100m, 1, 100",
      "1500m, 2, 1500",
      "0.5, 1, 500",
      "2.25, 3, 2250",
      "1k, 1000, 1000000",
      "1Ki, 1024, 1024000",
      "500Mi, 524288000, 524288000000",
      "32Gi, 34359738368, 34359738368000",
      "1G, 1000000000, 1000000000000",
      "1e3, 1000, 1000000",
      "1.5e2, 150, 150000",
      "250u, 1, 1",
      "10n, 1, 1",
      "2E, 2000000000000000000, 9223372036854775807",
  })
  void valuesRoundUp(String text, long value, long milli) {
    assertThat(Quantities.value(text)).isEqualTo(value);
    assertThat(Quantities.milliValue(text)).isEqualTo(milli);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({"abc", "1Zi", "1..2"})
  void malformedQuantitiesAreRefused(String text) {
    assertThatThrownBy(() -> Quantities.value(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
