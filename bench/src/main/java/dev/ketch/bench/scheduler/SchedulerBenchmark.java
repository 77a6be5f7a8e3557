package dev.ketch.bench.scheduler;

import dev.ketch.apiserver.ApiServer;
import dev.ketch.apiserver.ApiServerConfig;
import dev.ketch.scheduler.Scheduler;
import dev.ketch.scheduler.SchedulerClients;
import dev.ketch.scheduler.config.ConfigurationLoader;
import dev.ketch.scheduler.config.SchedulerConfiguration;
import dev.ketch.scheduler.metrics.LatencyHistogram;
import dev.ketch.scheduler.metrics.SchedulerMetrics;
import dev.ketch.scheduler.plugins.InTreePlugins;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.embedded.EmbeddedStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Upstream scheduler_perf's SchedulingBasic through the real API server and store, in one JVM as
 * scheduler_perf runs them: N simulated nodes, then init pods (not measured), then the measured
 * pods, all created through the API by concurrent clients while the scheduler (its own client,
 * informers, pods/binding) places them. Prints throughput (average, and percentiles of per-second
 * samples, as scheduler_perf's throughput collector) and latencies, and the API calls per pod.
 * Run with {@code bench/run-scheduler-benchmark}.
 */
@Command(name = "scheduler-benchmark", mixinStandardHelpOptions = true)
public final class SchedulerBenchmark implements Callable<Integer> {

  @Option(names = "--nodes", defaultValue = "5000", description = "Simulated nodes. Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--init-pods", defaultValue = "1000", description = "Pods scheduled before measuring. Default: ${DEFAULT-VALUE}.")
  int initPods;

  @Option(names = "--pods", defaultValue = "10000", description = "Measured pods. Default: ${DEFAULT-VALUE}.")
  int pods;

  @Option(names = "--creators", defaultValue = "16", description = "Concurrent clients creating objects. Default: ${DEFAULT-VALUE}.")
  int creators;

  @Option(names = "--store", defaultValue = "disk",
      description = "disk (RocksDB in a temporary directory, fsync) or memory. Default: ${DEFAULT-VALUE}.")
  String store;

  @Option(names = "--parallelism", defaultValue = "16", description = "The scheduler's parallelism (capped at the cores). Default: ${DEFAULT-VALUE}.")
  int parallelism;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SchedulerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("ketch-sched-bench");
    printConditions();
    KeyValueStore kv = store.equals("memory") ? EmbeddedStore.inMemory() : EmbeddedStore.open(dir.resolve("store"));
    try (ApiServer api = ApiServer.start(kv, ApiServerConfig.of(new InetSocketAddress("127.0.0.1", 0), dir));
        KubernetesClient client = SchedulerClients.fromKubeconfig(api.kubeconfigFiles().getFirst());
        KubernetesClient schedulerClient = SchedulerClients.fromKubeconfig(api.kubeconfigFiles().getFirst())) {
      String ns = "sched-perf";
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      SchedulerConfiguration config = new ConfigurationLoader(InTreePlugins.registry()).defaults().withParallelism(parallelism);
      try (Scheduler scheduler = Scheduler.start(schedulerClient, config);
          BoundPods bound = new BoundPods(client, ns)) {
        long t0 = System.nanoTime();
        createAll(nodes, i -> () -> client.nodes().resource(Workload.node("scheduler-perf-" + i)).create());
        System.out.printf("created %d nodes in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);

        CountDownLatch init = bound.expect(initPods);
        t0 = System.nanoTime();
        createAll(initPods, i -> () -> client.pods().inNamespace(ns).resource(Workload.pod(ns, "init-" + i)).create());
        if (!bound.await(init, 600)) {
          throw new IllegalStateException("init pods not scheduled: " + bound.count());
        }
        System.out.printf("scheduled %d init pods in %.1f s%n", initPods, (System.nanoTime() - t0) / 1e9);

        SchedulerMetrics m = scheduler.metrics();
        m.reset();
        Map<String, Double> before = ApiRequestCounts.read(client);
        long cpuBefore = processCpuNanos();
        CountDownLatch measured = bound.expect(pods);
        long[] createdAt = new long[pods];
        ThroughputSampler sampler = new ThroughputSampler(bound::count);
        long start = System.nanoTime();
        sampler.start();
        createAll(pods, i -> () -> {
          createdAt[i] = System.nanoTime();
          return client.pods().inNamespace(ns).resource(Workload.pod(ns, "pod-" + i)).create();
        });
        long createdEnd = System.nanoTime();
        if (!bound.await(measured, 1800)) {
          throw new IllegalStateException("measured pods not all scheduled: " + bound.count());
        }
        long end = System.nanoTime();
        sampler.stop();
        long cpu = processCpuNanos() - cpuBefore;
        Map<String, Double> calls = ApiRequestCounts.delta(before, ApiRequestCounts.read(client));
        report(m, bound, createdAt, start, createdEnd, end, sampler, calls, cpu);
      }
    }
    return 0;
  }

  private void createAll(int n, IntFunction<Callable<?>> task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < creators; c++) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < n) {
            task.apply(i).call();
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
  }

  private void report(SchedulerMetrics m, BoundPods bound, long[] createdAt, long start, long createdEnd, long end,
      ThroughputSampler sampler, Map<String, Double> calls, long cpuNanos) {
    double seconds = (end - start) / 1e9;
    System.out.println();
    System.out.printf("SchedulingBasic %d nodes, %d init pods, %d measured pods, store=%s%n", nodes, initPods, pods, store);
    System.out.printf("  created the measured pods in %.1f s (%.0f creates/s)%n", (createdEnd - start) / 1e9, pods / ((createdEnd - start) / 1e9));
    System.out.printf("  all bound after %.1f s: average %.0f pods/s%n", seconds, pods / seconds);
    double[] samples = sampler.samples();
    System.out.printf("  per-second throughput samples (%d): p50 %.0f, p90 %.0f, p99 %.0f pods/s%n", samples.length,
        pct(samples, 50), pct(samples, 90), pct(samples, 99));
    long[] e2e = new long[pods];
    for (int i = 0; i < pods; i++) {
      e2e[i] = bound.boundAt("pod-" + i) - createdAt[i];
    }
    Arrays.sort(e2e);
    System.out.printf("  create→bound seen by a watcher: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        e2e[pods / 2] / 1e6, e2e[(int) (pods * 0.9)] / 1e6, e2e[(int) (pods * 0.99)] / 1e6, e2e[pods - 1] / 1e6);
    printHistogram("  scheduling algorithm per attempt", m.algorithm);
    printHistogram("  binding (pods/binding call)", m.binding);
    printHistogram("  queue→bound inside the scheduler", m.podE2e);
    System.out.printf("  attempts: %d scheduled, %d unschedulable, %d errors; %.0f nodes filtered per pod on average%n",
        m.scheduled.sum(), m.unschedulable.sum(), m.errors.sum(), (double) m.nodesEvaluated.sum() / Math.max(1, m.scheduled.sum()));
    System.out.printf("  JVM CPU time: %.1f s over %.1f s wall (%.2f cores busy); %.2f ms CPU per pod%n", cpuNanos / 1e9, seconds,
        cpuNanos / 1e9 / seconds, cpuNanos / 1e6 / pods);
    System.out.println("  API requests during the measured phase (per pod):");
    calls.forEach((k, v) -> System.out.printf("    %-40s %8.0f  (%.2f)%n", k, v, v / pods));
  }

  private static void printHistogram(String label, LatencyHistogram h) {
    System.out.printf("%s: n=%d mean %.2f ms, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n", label, h.count(), h.meanNanos() / 1e6,
        h.percentileNanos(50) / 1e6, h.percentileNanos(90) / 1e6, h.percentileNanos(99) / 1e6);
  }

  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1))];
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private void printConditions() throws Exception {
    Runtime rt = Runtime.getRuntime();
    String cpuModel = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    System.out.printf("# %d cores (%s), max heap %d MiB, JDK %s, load average %s%n", rt.availableProcessors(), cpuModel,
        rt.maxMemory() >> 20, Runtime.version(), Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.printf("# in one JVM: embedded store (%s), API server (HTTPS, client certificates), scheduler (own fabric8 client), "
        + "%d creating clients (fabric8)%n", store, creators);
  }
}
