package dev.ketch.bench.api;

import dev.ketch.testing.launcher.KetchProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Request latency of the API server as clients see it: `bin/ketch server` is launched as its own
 * process (embedded store on disk, fsync), and clients on HTTP/2 with the admin certificate create,
 * get, list and update ConfigMaps. Prints throughput and latency percentiles per verb.
 * Run with {@code bench/run-api-benchmark}.
 */
@Command(name = "api-benchmark", mixinStandardHelpOptions = true)
public final class ApiBenchmark implements Callable<Integer> {

  @Option(names = "--clients", split = ",", defaultValue = "1,16,64", description = "Client counts. Default: ${DEFAULT-VALUE}.")
  List<Integer> clients;

  @Option(names = "--objects", defaultValue = "2000", description = "ConfigMaps created per run. Default: ${DEFAULT-VALUE}.")
  int objects;

  @Option(names = "--value-size", defaultValue = "1024", description = "Bytes of data per ConfigMap. Default: ${DEFAULT-VALUE}.")
  int valueSize;

  @Option(names = "--list-objects", defaultValue = "100", description = "ConfigMaps in the namespace lists read. Default: ${DEFAULT-VALUE}.")
  int listObjects;

  @Option(names = "--warmup", defaultValue = "2000", description = "Requests of each verb before measuring. Default: ${DEFAULT-VALUE}.")
  int warmup;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ApiBenchmark()).execute(args));
  }

  private record Result(String verb, int clients, long ops, double seconds, long[] sortedNanos) {
    String row() {
      return String.format("%-8s %7d %8d %10.0f %8.2f %8.2f %8.2f %8.2f", verb, clients, ops, ops / seconds,
          pct(50), pct(90), pct(99), sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    double pct(double p) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(p / 100 * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, i)] / 1e6;
    }
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("ketch-api-bench");
    int https = KetchProcess.freePort();
    int etcd = KetchProcess.freePort();
    System.out.printf("# bin/ketch server (embedded store on disk, fsync), HTTP/2 + client certificate, %d cores%n",
        Runtime.getRuntime().availableProcessors());
    System.out.printf("# ConfigMaps of %d B; lists of a namespace holding %d ConfigMaps; %d objects per run%n",
        valueSize, listObjects, objects);
    List<Result> results = new ArrayList<>();
    try (KetchProcess ketch = KetchProcess.start(dir.resolve("logs"), Duration.ofMinutes(2), "server", "--disable-agent",
        "--data-dir", dir.resolve("data").toString(), "--https-listen", "127.0.0.1:" + https,
        "--etcd-listen", "127.0.0.1:" + etcd)) {
      AdminClient client = new AdminClient(dir.resolve("data/kubeconfig"));
      String value = "v".repeat(valueSize);
      namespace(client, "bench-list");
      for (int i = 0; i < listObjects; i++) {
        client.send("POST", "/api/v1/namespaces/bench-list/configmaps", configMap("l" + i, value), "application/json");
      }
      namespace(client, "warmup");
      run(client, "warmup", 16, warmup, value, null);
      for (int c : clients) {
        String ns = "bench-" + c;
        namespace(client, ns);
        run(client, ns, c, objects, value, results);
      }
    }
    System.out.println();
    System.out.println(String.format("%-8s %7s %8s %10s %8s %8s %8s %8s", "verb", "clients", "ops", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms"));
    results.forEach(r -> System.out.println(r.row()));
    return 0;
  }

  private static void namespace(AdminClient client, String name) throws Exception {
    client.send("POST", "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}",
        "application/json");
  }

  private static String configMap(String name, String value) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + value + "\"}}";
  }

  private void run(AdminClient client, String ns, int clients, int n, String value, List<Result> out) throws Exception {
    String base = "/api/v1/namespaces/" + ns + "/configmaps";
    record(out, measure("create", clients, n, i -> client.send("POST", base, configMap("cm" + i, value), "application/json")));
    record(out, measure("get", clients, n, i -> client.send("GET", base + "/cm" + (i % n), null, null)));
    record(out, measure("list", clients, Math.max(100, n / 10),
        i -> client.send("GET", "/api/v1/namespaces/bench-list/configmaps", null, null)));
    record(out, measure("update", clients, n, i -> client.send("PATCH", base + "/cm" + (i % n),
        "{\"data\":{\"v\":\"" + value + i + "\"}}", "application/merge-patch+json")));
  }

  private static void record(List<Result> out, Result r) {
    if (out != null) {
      out.add(r);
      System.out.println(r.row());
    }
  }

  @FunctionalInterface
  private interface Op {
    void run(long i) throws Exception;
  }

  private static Result measure(String verb, int clients, long total, Op op) throws Exception {
    AtomicLong next = new AtomicLong();
    List<long[]> samples = new ArrayList<>();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(pool.submit(() -> {
          long[] mine = new long[(int) (total / clients + 2)];
          int k = 0;
          long i;
          while ((i = next.getAndIncrement()) < total) {
            long s = System.nanoTime();
            op.run(i);
            if (k == mine.length) {
              mine = Arrays.copyOf(mine, k * 2);
            }
            mine[k++] = System.nanoTime() - s;
          }
          return Arrays.copyOf(mine, k);
        }));
      }
      for (Future<long[]> f : futures) {
        samples.add(f.get());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(verb, clients, total, seconds, all);
  }
}
