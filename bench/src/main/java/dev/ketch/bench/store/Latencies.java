package dev.ketch.bench.store;

import java.util.Arrays;

/** Latency samples of one client, merged into percentiles after a run. Not thread-safe. */
final class Latencies {

  private long[] samples = new long[1024];
  private int size;

  void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  int size() {
    return size;
  }

  /** The samples of all clients, sorted. */
  static long[] merge(Iterable<Latencies> all) {
    int total = 0;
    for (Latencies l : all) {
      total += l.size;
    }
    long[] out = new long[total];
    int at = 0;
    for (Latencies l : all) {
      System.arraycopy(l.samples, 0, out, at, l.size);
      at += l.size;
    }
    Arrays.sort(out);
    return out;
  }

  static double percentileMillis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
