package dev.ketch.controllers.cronjob;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration for {@code @every}: a sequence of decimal numbers with units h, m, s, ms, us, µs, ns. */
final class GoDuration {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    int pos = 0;
    double nanos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new CronSchedule.InvalidSchedule("failed to parse duration " + text + ": time: invalid duration \"" + text + "\"");
      }
      double value = Double.parseDouble(m.group(1));
      nanos += value * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      pos = m.end();
    }
    if (pos == 0) {
      throw new CronSchedule.InvalidSchedule("failed to parse duration " + text + ": time: invalid duration \"" + text + "\"");
    }
    return Duration.ofNanos((long) nanos);
  }
}
