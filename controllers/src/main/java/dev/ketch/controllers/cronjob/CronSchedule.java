package dev.ketch.controllers.cronjob;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CronJob schedule, parsed as Kubernetes parses {@code spec.schedule} (robfig/cron's standard
 * parser): five fields (minute, hour, day of month, month, day of week) with {@code *}, {@code ?},
 * lists, ranges, steps and month and weekday names; the descriptors {@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight},
 * {@code @hourly} and {@code @every <duration>}; and a {@code TZ=} or {@code CRON_TZ=} prefix
 * naming the time zone. When both day fields are restricted a day matching either runs; when
 * either is {@code *} both must match. Times are found in the schedule's zone: a wall time that a
 * daylight-saving jump skips does not occur, and hours step along the real timeline, as in
 * robfig/cron. Immutable.
 */
public final class CronSchedule {

  private record Bounds(int min, int max, Map<String, Integer> names) {}

  private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
  private static final Bounds HOURS = new Bounds(0, 23, Map.of());
  private static final Bounds DAYS = new Bounds(1, 31, Map.of());
  private static final Bounds MONTHS = new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
      Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
      Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
  private static final Bounds WEEKDAYS = new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5,
      "sat", 6));
  private static final long STAR = 1L << 63;
  private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

  private final ZoneId zone;
  private final long minute;
  private final long hour;
  private final long dom;
  private final long month;
  private final long dow;
  /** Non-null for {@code @every}: runs this long apart, whole seconds. */
  private final Duration every;

  private CronSchedule(ZoneId zone, long minute, long hour, long dom, long month, long dow, Duration every) {
    this.zone = zone;
    this.minute = minute;
    this.hour = hour;
    this.dom = dom;
    this.month = month;
    this.dow = dow;
    this.every = every;
  }

  /** A schedule error, with robfig/cron's wording. */
  public static final class InvalidSchedule extends IllegalArgumentException {
    InvalidSchedule(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code spec}; times are in {@code defaultZone} unless the spec starts with {@code TZ=}.
   *
   * @throws InvalidSchedule if it is not a valid schedule
   */
  public static CronSchedule parse(String spec, ZoneId defaultZone) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidSchedule("empty spec string");
    }
    String s = spec.trim();
    ZoneId zone = defaultZone;
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      int space = s.indexOf(' ');
      if (space < 0) {
        throw new InvalidSchedule("missing fields after time zone in " + spec);
      }
      String name = s.substring(s.indexOf('=') + 1, space);
      zone = zone(name);
      s = s.substring(space).trim();
    }
    if (s.startsWith("@")) {
      if (s.startsWith("@every ")) {
        Duration d = GoDuration.parse(s.substring("@every ".length()).trim());
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
          d = Duration.ofSeconds(1);
        }
        return new CronSchedule(zone, 0, 0, 0, 0, 0, d.truncatedTo(ChronoUnit.SECONDS));
      }
      String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new InvalidSchedule("unrecognized descriptor: " + s);
      }
      s = expanded;
    }
    String[] fields = s.split("\\s+");
    if (fields.length != 5) {
      throw new InvalidSchedule("expected exactly 5 fields, found " + fields.length + ": " + List.of(fields));
    }
    return new CronSchedule(zone, field(fields[0], MINUTES), field(fields[1], HOURS), field(fields[2], DAYS),
        field(fields[3], MONTHS), field(fields[4], WEEKDAYS), null);
  }

  /** The zone of an IANA name, as Go's time.LoadLocation: empty and {@code UTC} are UTC, {@code Local} is refused. */
  public static ZoneId zone(String name) {
    if (name == null || name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      throw new InvalidSchedule("unknown time zone Local");
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new InvalidSchedule("unknown time zone " + name);
    }
  }

  public ZoneId zone() {
    return zone;
  }

  private static long field(String text, Bounds bounds) {
    long bits = 0;
    for (String part : text.split(",", -1)) {
      bits |= range(part, bounds);
    }
    return bits;
  }

  private static long range(String expr, Bounds b) {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    boolean single = lowAndHigh.length == 1;
    int start;
    int end;
    long extra = 0;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      start = b.min();
      end = b.max();
      extra = STAR;
    } else {
      start = value(lowAndHigh[0], b);
      if (lowAndHigh.length == 1) {
        end = start;
      } else if (lowAndHigh.length == 2) {
        end = value(lowAndHigh[1], b);
      } else {
        throw new InvalidSchedule("too many hyphens: " + expr);
      }
    }
    int step;
    if (rangeAndStep.length == 1) {
      step = 1;
    } else if (rangeAndStep.length == 2) {
      step = number(rangeAndStep[1]);
      if (single) {
        end = b.max();
      }
      if (step > 1) {
        extra = 0;
      }
    } else {
      throw new InvalidSchedule("too many slashes: " + expr);
    }
    if (start < b.min()) {
      throw new InvalidSchedule("beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr);
    }
    if (end > b.max()) {
      throw new InvalidSchedule("end of range (" + end + ") above maximum (" + b.max() + "): " + expr);
    }
    if (start > end) {
      throw new InvalidSchedule("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
    }
    if (step == 0) {
      throw new InvalidSchedule("step of range should be a positive number: " + expr);
    }
    long bits = 0;
    for (int i = start; i <= end; i += step) {
      bits |= 1L << i;
    }
    return bits | extra;
  }

  private static int value(String text, Bounds b) {
    Integer named = b.names().get(text.toLowerCase(Locale.ROOT));
    return named != null ? named : number(text);
  }

  private static int number(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new InvalidSchedule("negative number (" + n + ") not allowed: " + text);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidSchedule("failed to parse int from " + text + ": " + e.getMessage());
    }
  }

  /** The first activation strictly after {@code after} (robfig/cron's Next), or null if none within five years. */
  public Instant next(Instant after) {
    if (every != null) {
      return after.truncatedTo(ChronoUnit.SECONDS).plus(every);
    }
    ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    if (t.getSecond() != 0) {
      t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    }
    int yearLimit = t.getYear() + 5;
    boolean added = false;
    wrap:
    while (true) {
      if (t.getYear() > yearLimit) {
        return null;
      }
      while ((month & (1L << t.getMonthValue())) == 0) {
        if (!added) {
          added = true;
          t = t.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        }
        t = t.toLocalDate().plusMonths(1).atStartOfDay(zone);
        if (t.getMonthValue() == 1) {
          continue wrap;
        }
      }
      while (!dayMatches(t)) {
        if (!added) {
          added = true;
          t = t.toLocalDate().atStartOfDay(zone);
        }
        t = t.toLocalDate().plusDays(1).atStartOfDay(zone);
        if (t.getDayOfMonth() == 1) {
          continue wrap;
        }
      }
      while ((hour & (1L << t.getHour())) == 0) {
        if (!added) {
          added = true;
          t = t.truncatedTo(ChronoUnit.HOURS);
        }
        t = t.plusHours(1);
        if (t.getHour() == 0) {
          continue wrap;
        }
      }
      while ((minute & (1L << t.getMinute())) == 0) {
        if (!added) {
          added = true;
          t = t.truncatedTo(ChronoUnit.MINUTES);
        }
        t = t.plusMinutes(1);
        if (t.getMinute() == 0) {
          continue wrap;
        }
      }
      return t.toInstant();
    }
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean domMatch = (dom & (1L << t.getDayOfMonth())) != 0;
    boolean dowMatch = (dow & (1L << (t.getDayOfWeek().getValue() % 7))) != 0;
    if ((dom & STAR) != 0 || (dow & STAR) != 0) {
      return domMatch && dowMatch;
    }
    return domMatch || dowMatch;
  }
}
