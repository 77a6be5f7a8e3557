package dev.ketch.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} ms is {1}")
  @CsvSource({"0,0s", "500,500ms", "10000,10s", "80000,1m20s", "300000,5m0s", "3600000,1h0m0s", "1500,1.5s"})
  void formatsAsGoDoes(long millis, String expected) {
    assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }
}
