package dev.ketch.kubelet.pod;

import java.time.Duration;

/** Durations as Go's time.Duration prints them: 10s, 1m20s, 5m0s, 1h0m0s, 500ms. */
public final class GoDuration {

  private GoDuration() {}

  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    long total = d.toSeconds();
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long s = total % 60;
    String frac = d.toMillisPart() == 0 ? "" : "." + String.format(java.util.Locale.ROOT, "%03d", d.toMillisPart()).replaceAll("0+$", "");
    if (h > 0) {
      return h + "h" + m + "m" + s + frac + "s";
    }
    if (m > 0) {
      return m + "m" + s + frac + "s";
    }
    return s + frac + "s";
  }
}
