package dev.ketch.bench.store;

/** The figures of one workload against one store. */
record Result(
    String target, String workload, int clients, long operations, double seconds, long[] sortedNanos) {

  double throughput() {
    return operations / seconds;
  }

  static String header() {
    return String.format(
        "%-10s %-22s %7s %9s %11s %8s %8s %8s %8s %8s",
        "target", "workload", "clients", "ops", "ops/s", "p50 ms", "p90 ms", "p99 ms", "p99.9", "max ms");
  }

  String row() {
    return String.format(
        "%-10s %-22s %7d %9d %11.0f %8.2f %8.2f %8.2f %8.2f %8.2f",
        target,
        workload,
        clients,
        operations,
        throughput(),
        Latencies.percentileMillis(sortedNanos, 50),
        Latencies.percentileMillis(sortedNanos, 90),
        Latencies.percentileMillis(sortedNanos, 99),
        Latencies.percentileMillis(sortedNanos, 99.9),
        Latencies.percentileMillis(sortedNanos, 100));
  }
}
