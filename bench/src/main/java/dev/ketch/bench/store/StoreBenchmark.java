package dev.ketch.bench.store;

import dev.ketch.store.KeyValueStore;
import dev.ketch.store.embedded.EmbeddedStore;
import dev.ketch.store.etcd.EtcdKeyValueStore;
import dev.ketch.store.grpc.EtcdEndpoint;
import dev.ketch.store.grpc.EtcdEndpointConfig;
import dev.ketch.testing.etcd.EtcdProcess;
import dev.ketch.testing.launcher.KetchProcess;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints put, range and watch throughput and latency percentiles for each store named, driven by
 * the same workloads. Run with {@code bench/run-store-benchmark}.
 */
@Command(name = "store-benchmark", mixinStandardHelpOptions = true)
public final class StoreBenchmark implements Callable<Integer> {

  @Option(names = "--targets", split = ",", defaultValue = "embedded",
      description = "Stores to measure: embedded (in process, RocksDB, fsync), embedded-grpc (the same behind its"
          + " etcd endpoint in this JVM, through the etcd client), ketch (bin/ketch server as its own process, through"
          + " the etcd client), etcd (a real etcd process from /usr/bin/etcd, through the"
          + " etcd client), embedded-memory. Default: ${DEFAULT-VALUE}.")
  List<String> targets;

  @Option(names = "--clients", split = ",", defaultValue = "1,16,256",
      description = "Client counts to run each workload with. Default: ${DEFAULT-VALUE}.")
  List<Integer> clients;

  @Option(names = "--puts", defaultValue = "20000", description = "Puts per run. Default: ${DEFAULT-VALUE}.")
  long puts;

  @Option(names = "--reads", defaultValue = "100000", description = "Reads per run. Default: ${DEFAULT-VALUE}.")
  long reads;

  @Option(names = "--warmup", defaultValue = "20000", description = "Puts (and 4x reads) before each run, not measured. Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(names = "--key-size", defaultValue = "64", description = "Key bytes. Default: ${DEFAULT-VALUE}.")
  int keySize;

  @Option(names = "--value-size", defaultValue = "1024", description = "Value bytes. Default: ${DEFAULT-VALUE}.")
  int valueSize;

  @Option(names = "--work-dir", description = "Where on-disk stores live (default: a temp directory).")
  Path workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StoreBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path base = workDir != null ? workDir : Files.createTempDirectory("ketch-store-bench");
    System.out.printf("keys %d B, values %d B, %d puts and %d reads per run, %d cores%n",
        keySize, valueSize, puts, reads, Runtime.getRuntime().availableProcessors());
    List<Result> results = new ArrayList<>();
    for (String target : targets) {
      for (int c : clients) {
        Path dir = base.resolve(target + "-" + c);
        try (Target t = open(target, dir)) {
          KeyValueStore store = t.store();
          Workloads w = new Workloads(store, target, keySize, valueSize);
          // Warm up so that JIT compilation in this JVM is not part of the figures.
          w.puts("/warmup/", 16, warmup);
          w.gets("/warmup/", 16, warmup * 4, warmup);
          String prefix = "/bench/" + c + "/";
          results.add(print(w.puts(prefix, c, puts)));
          results.add(print(w.gets(prefix, c, reads, puts)));
          results.add(print(w.watch("/watch/" + c + "/", c, puts / 2, 4)));
          results.add(print(w.lists("/list/" + c + "/", c, Math.max(200, reads / 100), 1000)));
        } finally {
          delete(dir);
        }
      }
    }
    System.out.println();
    System.out.println(Result.header());
    results.forEach(r -> System.out.println(r.row()));
    return 0;
  }

  private static Result print(Result r) {
    System.out.println(r.row());
    return r;
  }

  /** A store under test and whatever runs it, closed together. */
  private record Target(KeyValueStore store, AutoCloseable... parts) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      store.close();
      for (AutoCloseable p : parts) {
        p.close();
      }
    }
  }

  private Target open(String target, Path dir) {
    return switch (target) {
      case "embedded" -> new Target(EmbeddedStore.open(dir));
      case "embedded-memory" -> new Target(EmbeddedStore.inMemory());
      case "embedded-grpc" -> {
        EmbeddedStore embedded = EmbeddedStore.open(dir);
        EtcdEndpoint endpoint = EtcdEndpoint.start(embedded, EtcdEndpointConfig.loopback());
        yield new Target(EtcdKeyValueStore.connect(endpoint.clientUrl().toString()), endpoint, embedded);
      }
      case "ketch" -> {
        int port = KetchProcess.freePort();
        KetchProcess ketch =
            KetchProcess.start(dir.resolve("logs"), Duration.ofMinutes(2), "server", "--disable-agent",
                "--data-dir", dir.resolve("data").toString(), "--etcd-listen", "127.0.0.1:" + port);
        yield new Target(EtcdKeyValueStore.connect("http://127.0.0.1:" + port), ketch);
      }
      case "etcd" -> {
        EtcdProcess etcd = EtcdProcess.start();
        yield new Target(EtcdKeyValueStore.connect(etcd.endpoint()), etcd);
      }
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown target " + target);
    };
  }

  private static void delete(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
