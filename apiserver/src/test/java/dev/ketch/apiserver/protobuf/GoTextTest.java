package dev.ketch.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's text for durations and times. */
class GoTextTest {

  @ParameterizedTest(name = "{0} ns is {1}")
  @CsvSource({
      "0, 0s",
      "1, 1ns",
      "999, 999ns",
      "1000, 1µs",
      "1500, 1.5µs",
      "1000000, 1ms",
      "1234567, 1.234567ms",
      "999999999, 999.999999ms",
      "1000000000, 1s",
      "2500000000, 2.5s",
      "60000000000, 1m0s",
      "90000000000, 1m30s",
      "3600000000000, 1h0m0s",
      "3723500000000, 1h2m3.5s",
      "86400000000000, 24h0m0s",
      "-1500000000, -1.5s",
      "-1, -1ns",
      "9223372036854775807, 2562047h47m16.854775807s",
      "-9223372036854775808, -2562047h47m16.854775808s"})
  void durationsAsGoWritesThem(long nanos, String expected) {
    assertThat(GoText.duration(nanos)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}s {1}ns")
  @CsvSource({
      "0, 0, 1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000000Z",
      "1704164645, 999, 2024-01-02T03:04:05Z, 2024-01-02T03:04:05.000000Z",
      "1704164645, 123456789, 2024-01-02T03:04:05Z, 2024-01-02T03:04:05.123456Z",
      "-1, 0, 1969-12-31T23:59:59Z, 1969-12-31T23:59:59.000000Z",
      "253402300799, 999999999, 9999-12-31T23:59:59Z, 9999-12-31T23:59:59.999999Z"})
  void timesAsGoWritesThem(long seconds, long nanos, String time, String microTime) {
    assertThat(GoText.time(seconds)).isEqualTo(time);
    assertThat(GoText.microTime(seconds, nanos)).isEqualTo(microTime);
  }
}
