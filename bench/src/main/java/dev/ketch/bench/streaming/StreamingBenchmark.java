package dev.ketch.bench.streaming;

import dev.ketch.testing.launcher.KetchProcess;
import dev.ketch.testing.launcher.Kubectl;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Exec and port-forward as stock kubectl sees them, through the API server and the kubelet of
 * `bin/ketch server --runtime process`: the round trip of one line through {@code kubectl exec -i
 * … cat} (client → API server → kubelet → command and back), the time of a whole {@code kubectl
 * exec -- true} (kubectl's own start included), and the throughput of {@code kubectl port-forward}
 * downloading a file from a pod, alone and with parallel connections. Each with kubectl 1.27
 * (SPDY/3.1) and 1.33 (WebSocket). Run with {@code bench/run-streaming-benchmark}.
 */
@Command(name = "streaming-benchmark", mixinStandardHelpOptions = true)
public final class StreamingBenchmark implements Callable<Integer> {

  @Option(names = "--kubectl", split = ",", defaultValue = "27,33", description = "kubectl minor versions. Default: ${DEFAULT-VALUE}.")
  List<Integer> versions;

  @Option(names = "--round-trips", defaultValue = "500", description = "Lines echoed per exec session. Default: ${DEFAULT-VALUE}.")
  int roundTrips;

  @Option(names = "--execs", defaultValue = "20", description = "Whole kubectl exec runs. Default: ${DEFAULT-VALUE}.")
  int execs;

  @Option(names = "--file-mib", defaultValue = "64", description = "Size of the downloaded file. Default: ${DEFAULT-VALUE}.")
  int fileMib;

  @Option(names = "--parallel", defaultValue = "4", description = "Parallel downloads. Default: ${DEFAULT-VALUE}.")
  int parallel;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamingBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("ketch-streaming-bench");
    Path www = Files.createDirectories(dir.resolve("www"));
    byte[] block = new byte[1 << 20];
    new java.util.Random(1).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(www.resolve("blob"))) {
      for (int i = 0; i < fileMib; i++) {
        out.write(block);
      }
    }
    int https = KetchProcess.freePort();
    int web = KetchProcess.freePort();
    System.out.printf("# bin/ketch server --runtime process, kubectl on the same machine, %d cores%n",
        Runtime.getRuntime().availableProcessors());
    try (KetchProcess ketch = KetchProcess.start(dir.resolve("logs"), Duration.ofMinutes(2), "server",
        "--data-dir", dir.resolve("data").toString(), "--https-listen", "127.0.0.1:" + https, "--etcd-listen", "off",
        "--runtime", "process", "--cluster-dns-listen", "off", "--proxy-mode", "off")) {
      Path kubeconfig = dir.resolve("data/kubeconfig");
      Kubectl admin = Kubectl.defaultVersion(kubeconfig);
      Path pods = dir.resolve("pods.yaml");
      Files.writeString(pods, """
          apiVersion: v1
          kind: Pod
          metadata: {name: shell}
          spec:
            terminationGracePeriodSeconds: 1
            containers: [{name: shell, image: process, command: [sleep, '3600']}]
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: web}
          spec:
            terminationGracePeriodSeconds: 1
            containers: [{name: web, image: process, command: [busybox, httpd, -f, -p, '127.0.0.1:%d', -h, '%s']}]
          """.formatted(web, www));
      admin.ok("apply", "-f", pods.toString());
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!admin.run("get", "pods", "shell", "web", "-o", "jsonpath={.items[*].status.phase}").stdout().equals("Running Running")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the pods did not start");
        }
        Thread.sleep(500);
      }
      System.out.printf("%-8s %-34s %8s %8s %8s %8s%n", "kubectl", "measure", "n", "p50", "p99", "value");
      for (int minor : versions) {
        Kubectl k = Kubectl.version(minor, kubeconfig);
        roundTrip(k, kubeconfig, minor);
        wholeExec(k, minor);
        portForward(k, minor, web, dir);
      }
      admin.run("delete", "pods", "--all", "--grace-period=1", "--timeout=30s");
    }
    return 0;
  }

  private void roundTrip(Kubectl k, Path kubeconfig, int minor) throws Exception {
    Process p = new ProcessBuilder(k.binary().toString(), "--kubeconfig=" + kubeconfig, "exec", "-i", "shell", "--", "cat")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    OutputStream in = p.getOutputStream();
    InputStream out = p.getInputStream();
    long[] nanos = new long[roundTrips];
    byte[] line = "ping\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = -20; i < roundTrips; i++) {
      long start = System.nanoTime();
      in.write(line);
      in.flush();
      out.readNBytes(line.length);
      if (i >= 0) {
        nanos[i] = System.nanoTime() - start;
      }
    }
    in.close();
    p.waitFor();
    Arrays.sort(nanos);
    print(minor, "exec -i round trip (ms)", nanos);
  }

  private void wholeExec(Kubectl k, int minor) {
    long[] nanos = new long[execs];
    k.ok("exec", "shell", "--", "true");
    for (int i = 0; i < execs; i++) {
      long start = System.nanoTime();
      k.ok("exec", "shell", "--", "true");
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    print(minor, "kubectl exec -- true, whole (ms)", nanos);
  }

  private void portForward(Kubectl k, int minor, int web, Path dir) throws Exception {
    int local = KetchProcess.freePort();
    Path log = dir.resolve("forward-" + minor + ".log");
    Process forward = k.start(log, "port-forward", "pod/web", local + ":" + web);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!Files.readString(log).contains("Forwarding from 127.0.0.1")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("port-forward did not start: " + Files.readString(log));
        }
        Thread.sleep(100);
      }
      try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
        download(http, local, 1);
        for (int n : new int[] {1, parallel}) {
          long start = System.nanoTime();
          long bytes = download(http, local, n);
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf("%-8s %-34s %8d %8s %8s %8.1f%n", "1." + minor, "port-forward MB/s, " + n + " connection(s)", n, "",
              "", bytes / 1e6 / seconds);
        }
      }
    } finally {
      forward.destroy();
      forward.waitFor();
    }
  }

  private static long download(HttpClient http, int port, int connections) {
    List<CompletableFuture<Long>> all = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      all.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/blob")).build(),
          HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
            try (InputStream body = r.body()) {
              return body.transferTo(OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }));
    }
    return all.stream().mapToLong(CompletableFuture::join).sum();
  }

  private static void print(int minor, String what, long[] sortedNanos) {
    double p50 = sortedNanos[sortedNanos.length / 2] / 1e6;
    double p99 = sortedNanos[Math.max(0, (int) Math.ceil(0.99 * sortedNanos.length) - 1)] / 1e6;
    System.out.printf("%-8s %-34s %8d %8.2f %8.2f %8s%n", "1." + minor, what, sortedNanos.length, p50, p99, "");
  }
}
