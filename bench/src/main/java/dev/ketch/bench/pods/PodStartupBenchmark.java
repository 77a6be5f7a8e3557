package dev.ketch.bench.pods;

import dev.ketch.scheduler.SchedulerClients;
import dev.ketch.testing.launcher.KetchProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pod start-up latency on this machine's containerd: starts {@code bin/ketch server --runtime
 * containerd} (API server, scheduler, and this machine as a node), creates a batch of busybox pods
 * from concurrent clients, and measures for each pod the time from sending its create request to
 * seeing it Running (every container running) on a watch opened beforehand. Repeats for several
 * rounds, deleting the pods in between, and prints percentiles per round and over all rounds.
 */
@Command(name = "pod-startup-benchmark", mixinStandardHelpOptions = true)
public final class PodStartupBenchmark implements Callable<Integer> {

  private static final String NODE = "ketch-bench";

  @Option(names = "--pods", defaultValue = "30", description = "Pods per batch. Default: ${DEFAULT-VALUE}.")
  int pods;

  @Option(names = "--rounds", defaultValue = "3", description = "Batches, each deleted before the next. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--creators", defaultValue = "8", description = "Concurrent clients creating pods. Default: ${DEFAULT-VALUE}.")
  int creators;

  @Option(names = "--image", defaultValue = "ketch.local/busybox:1", description = "The pods' image. Default: ${DEFAULT-VALUE}.")
  String image;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PodStartupBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("ketch-pod-startup");
    try (KetchProcess ketch = KetchProcess.start(dir.resolve("logs"), Duration.ofMinutes(2), "server",
        "--data-dir", dir.resolve("data").toString(), "--etcd-listen", "off",
        "--https-listen", "127.0.0.1:" + KetchProcess.freePort(), "--runtime", "containerd", "--node-name", NODE);
        KubernetesClient client = SchedulerClients.fromKubeconfig(dir.resolve("data/kubeconfig"))) {
      awaitNodeReady(client);
      System.out.printf("pods=%d rounds=%d creators=%d image=%s node=%s%n", pods, rounds, creators, image, NODE);
      long[] all = new long[0];
      for (int round = 1; round <= rounds; round++) {
        long[] latencies = round(client, round);
        all = concat(all, latencies);
        print("round " + round, latencies);
        deleteAll(client);
      }
      print("all rounds", all);
    }
    return 0;
  }

  private long[] round(KubernetesClient client, int round) throws InterruptedException {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> runningAt = new ConcurrentHashMap<>();
    CountDownLatch allRunning = new CountDownLatch(pods);
    Watch watch = client.pods().inNamespace("default").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (running(pod) && runningAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime()) == null) {
          allRunning.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null) {
          System.err.println("watch closed: " + cause);
        }
      }
    });
    long began = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(creators)) {
      for (int i = 0; i < pods; i++) {
        String name = "start-" + round + "-" + i;
        pool.submit(() -> {
          sentAt.put(name, System.nanoTime());
          client.pods().inNamespace("default").resource(pod(name)).create();
        });
      }
    }
    boolean done = allRunning.await(5, TimeUnit.MINUTES);
    long total = System.nanoTime() - began;
    watch.close();
    if (!done) {
      throw new IllegalStateException("only " + runningAt.size() + " of " + pods + " pods were Running after 5 minutes");
    }
    System.out.printf("round %d: all %d pods Running %.0f ms after the first create%n", round, pods, total / 1e6);
    long[] latencies = sentAt.entrySet().stream().mapToLong(e -> runningAt.get(e.getKey()) - e.getValue()).toArray();
    Arrays.sort(latencies);
    return latencies;
  }

  private Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("app").withImage(image).withImagePullPolicy("IfNotPresent")
        .withCommand(List.of("sleep", "3600")).endContainer()
        .endSpec().build();
  }

  private static boolean running(Pod p) {
    return p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
        && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
        && p.getStatus().getContainerStatuses().stream().allMatch(c -> c.getState() != null && c.getState().getRunning() != null);
  }

  private static void awaitNodeReady(KubernetesClient client) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var node = client.nodes().withName(NODE).get();
      if (node != null && node.getStatus() != null && node.getStatus().getConditions() != null
          && node.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("node " + NODE + " was not Ready within 60 s");
  }

  private static void deleteAll(KubernetesClient client) throws InterruptedException {
    client.pods().inNamespace("default").delete();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!client.pods().inNamespace("default").list().getItems().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pods were not deleted within 2 minutes");
      }
      Thread.sleep(200);
    }
  }

  private static void print(String label, long[] sorted) {
    System.out.printf("%s: n=%d p50=%.0f ms p90=%.0f ms p99=%.0f ms max=%.0f ms%n", label, sorted.length,
        percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
