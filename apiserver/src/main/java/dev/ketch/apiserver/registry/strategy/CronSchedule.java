package dev.ketch.apiserver.registry.strategy;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

/** The shape of a cron schedule as the CronJob controller parses it (robfig/cron's standard parser). */
final class CronSchedule {

  private static final Set<String> DESCRIPTORS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*?/,\\-]+");

  private CronSchedule() {}

  /** What is wrong with the schedule, worded as the parser does, or null if nothing. */
  static String problem(String schedule) {
    String s = schedule.strip();
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";
    }
    if (s.startsWith("@")) {
      return DESCRIPTORS.contains(s) || s.startsWith("@every ") ? null : "unrecognized descriptor: " + s;
    }
    String[] fields = s.isEmpty() ? new String[0] : s.split("\\s+");
    if (fields.length != 5) {
      return "expected exactly 5 fields, found " + fields.length + ": " + Arrays.toString(fields).replace(",", "");
    }
    for (String f : fields) {
      if (!FIELD.matcher(f).matches()) {
        return "failed to parse int from " + f + ": strconv.Atoi: parsing \"" + f + "\": invalid syntax";
      }
    }
    return null;
  }
}
