package dev.ketch.bench.cluster;

import dev.ketch.cluster.ClusterSpec;
import dev.ketch.cluster.LocalCluster;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold and warm start of in-process clusters, as {@code @KetchCluster} starts them: N clusters
 * started one after the other in one JVM, each timed from the call to "API answers and its
 * simulated node is Ready", all kept running; then the heap they hold when idle, after GC.
 * Run with {@code bench/run-cluster-startup [clusters] [nodes]}.
 */
public final class ClusterStartup {

  private static final long IDLE_MILLIS = 3_000;

  public static void main(String[] args) throws Exception {
    int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf("# JVM up %d ms before the first start; %d cores; %d clusters of %d simulated node(s)%n",
        System.currentTimeMillis() - jvmStart, Runtime.getRuntime().availableProcessors(), clusters, nodes);
    long baseline = heapAfterGc();
    List<LocalCluster> running = new ArrayList<>();
    try {
      for (int i = 0; i < clusters; i++) {
        long t0 = System.nanoTime();
        LocalCluster cluster = LocalCluster.start(ClusterSpec.of(nodes));
        long took = System.nanoTime() - t0;
        running.add(cluster);
        System.out.printf("cluster %d ready in %.0f ms %s%n", i + 1, took / 1e6, cluster.startupMillis());
      }
      Thread.sleep(IDLE_MILLIS);
      long heap = heapAfterGc();
      System.out.printf("heap after GC: %.1f MB before any cluster, %.1f MB with %d idle clusters: %.1f MB per cluster%n",
          baseline / 1e6, heap / 1e6, clusters, (heap - baseline) / 1e6 / clusters);
    } finally {
      long t0 = System.nanoTime();
      running.forEach(LocalCluster::close);
      System.out.printf("closed %d clusters in %.0f ms%n", running.size(), (System.nanoTime() - t0) / 1e6);
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
