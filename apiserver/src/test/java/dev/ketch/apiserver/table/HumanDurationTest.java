package dev.ketch.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        arguments("now", Duration.ZERO, "0s"),
        arguments("skew under two seconds", Duration.ofMillis(-1500), "0s"),
        arguments("two seconds in the future", Duration.ofSeconds(-2), "<invalid>"),
        arguments("seconds", Duration.ofSeconds(5), "5s"),
        arguments("seconds are truncated", Duration.ofMillis(5999), "5s"),
        arguments("under two minutes in seconds", Duration.ofSeconds(119), "119s"),
        arguments("two minutes", Duration.ofMinutes(2), "2m"),
        arguments("minutes and seconds", Duration.ofSeconds(150), "2m30s"),
        arguments("just under ten minutes", Duration.ofSeconds(599), "9m59s"),
        arguments("ten minutes", Duration.ofMinutes(10), "10m"),
        arguments("minutes drop seconds", Duration.ofSeconds(17 * 60 + 42), "17m"),
        arguments("just under three hours in minutes", Duration.ofMinutes(179), "179m"),
        arguments("three hours", Duration.ofHours(3), "3h"),
        arguments("hours and minutes", Duration.ofMinutes(5 * 60 + 7), "5h7m"),
        arguments("just under eight hours", Duration.ofMinutes(8 * 60 - 1), "7h59m"),
        arguments("eight hours", Duration.ofHours(8), "8h"),
        arguments("hours drop minutes", Duration.ofMinutes(30 * 60 + 59), "30h"),
        arguments("just under two days in hours", Duration.ofHours(47), "47h"),
        arguments("two days", Duration.ofHours(48), "2d"),
        arguments("days and hours", Duration.ofHours(51), "2d3h"),
        arguments("just under eight days", Duration.ofHours(8 * 24 - 1), "7d23h"),
        arguments("eight days", Duration.ofDays(8), "8d"),
        arguments("days drop hours", Duration.ofHours(45 * 24 + 5), "45d"),
        arguments("just under two years in days", Duration.ofDays(729), "729d"),
        arguments("two years", Duration.ofDays(730), "2y"),
        arguments("years and days", Duration.ofDays(770), "2y40d"),
        arguments("just under eight years", Duration.ofDays(8 * 365 - 1), "7y364d"),
        arguments("eight years", Duration.ofDays(8 * 365), "8y"),
        arguments("years drop days", Duration.ofDays(10 * 365 + 100), "10y"),
        arguments("beyond Go's duration range saturates", Duration.ofDays(500 * 365), "292y"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("durations")
  void formatsLikeUpstream(String name, Duration d, String expected) {
    assertThat(HumanDuration.format(d)).isEqualTo(expected);
  }

  @Test
  void measuresSinceAnInstant() {
    Instant now = Instant.parse("2024-05-01T12:00:00Z");
    assertThat(HumanDuration.since(Instant.parse("2024-05-01T11:57:30Z"), now)).isEqualTo("2m30s");
    assertThat(HumanDuration.since(Instant.parse("2024-05-01T12:00:05Z"), now)).isEqualTo("<invalid>");
  }
}
