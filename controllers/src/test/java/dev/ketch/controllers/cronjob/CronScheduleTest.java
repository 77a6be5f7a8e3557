package dev.ketch.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

  private static List<String> runs(String spec, String from, int count) {
    CronSchedule s = CronSchedule.parse(spec, ZoneOffset.UTC);
    List<String> out = new ArrayList<>();
    Instant t = Instant.parse(from);
    for (int i = 0; i < count; i++) {
      t = s.next(t);
      out.add(t.toString());
    }
    return out;
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(delimiter = '|', textBlock = """
      * * * * *            | 2025-01-01T00:00:00Z | 2025-01-01T00:01:00Z 2025-01-01T00:02:00Z
      * * * * *            | 2025-01-01T00:00:30Z | 2025-01-01T00:01:00Z 2025-01-01T00:02:00Z
      */15 * * * *         | 2025-01-01T00:07:00Z | 2025-01-01T00:15:00Z 2025-01-01T00:30:00Z
      5 4 * * *            | 2025-01-01T05:00:00Z | 2025-01-02T04:05:00Z 2025-01-03T04:05:00Z
      0 0 1,15 * *         | 2025-01-02T00:00:00Z | 2025-01-15T00:00:00Z 2025-02-01T00:00:00Z
      0 12 * * MON-FRI     | 2025-01-03T13:00:00Z | 2025-01-06T12:00:00Z 2025-01-07T12:00:00Z
      0 0 * FEB *          | 2025-01-01T00:00:00Z | 2025-02-01T00:00:00Z 2025-02-02T00:00:00Z
      0 0 13 * 5           | 2025-01-01T00:00:00Z | 2025-01-03T00:00:00Z 2025-01-10T00:00:00Z
      0 0 31 * *           | 2025-01-31T00:00:00Z | 2025-03-31T00:00:00Z 2025-05-31T00:00:00Z
      0 0 29 2 *           | 2025-01-01T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z
      @hourly              | 2025-01-01T00:30:00Z | 2025-01-01T01:00:00Z 2025-01-01T02:00:00Z
      @weekly              | 2025-01-01T00:00:00Z | 2025-01-05T00:00:00Z 2025-01-12T00:00:00Z
      @every 90s           | 2025-01-01T00:00:00Z | 2025-01-01T00:01:30Z 2025-01-01T00:03:00Z
      10-20/5 * * * *      | 2025-01-01T00:00:00Z | 2025-01-01T00:10:00Z 2025-01-01T00:15:00Z
      50/5 * * * *         | 2025-01-01T00:52:00Z | 2025-01-01T00:55:00Z 2025-01-01T01:50:00Z
      """)
  void nextRuns(String spec, String from, String expected) {
    assertThat(runs(spec, from, 2)).containsExactly(expected.split(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      TZ=Europe/Paris 0 9 * * *      | 2025-01-01T00:00:00Z | 2025-01-01T08:00:00Z
      CRON_TZ=Asia/Tokyo 0 9 * * *   | 2025-01-01T00:00:00Z | 2025-01-02T00:00:00Z
      TZ=Europe/Paris 0 9 * * *      | 2025-07-01T00:00:00Z | 2025-07-01T07:00:00Z
      TZ=Europe/Paris 30 2 * * *     | 2025-03-29T12:00:00Z | 2025-03-31T00:30:00Z
      TZ=America/New_York 0 0 * * *  | 2025-03-09T12:00:00Z | 2025-03-10T04:00:00Z
      """)
  void timeZonesAndDaylightSaving(String spec, String from, String expected) {
    assertThat(runs(spec, from, 1)).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      * * * *          | expected exactly 5 fields, found 4
      60 * * * *       | end of range (60) above maximum (59)
      * * * * 7        | end of range (7) above maximum (6)
      * * 0 * *        | beginning of range (0) below minimum (1)
      5-1 * * * *      | beginning of range (5) beyond end of range (1)
      */0 * * * *      | step of range should be a positive number
      x * * * *        | failed to parse int from x
      @fortnightly     | unrecognized descriptor
      TZ=Mars/Base * * * * * | unknown time zone Mars/Base
      """)
  void invalidSchedules(String spec, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(spec, ZoneOffset.UTC)).isInstanceOf(CronSchedule.InvalidSchedule.class)
        .hasMessageContaining(message);
  }

  @org.junit.jupiter.api.Test
  void theZoneOfTheJobIsUsedUnlessTheSpecNamesOne() {
    CronSchedule s = CronSchedule.parse("0 9 * * *", java.time.ZoneId.of("Asia/Kolkata"));
    assertThat(s.next(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2025-01-01T03:30:00Z"));
  }
}
