package dev.ketch.bench.store;

import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.KeyRange;
import dev.ketch.store.PeriodicCompactor;
import dev.ketch.store.PutRequest;
import dev.ketch.store.StoreStatus;
import dev.ketch.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates, updates and deletes the same keys for a while with periodic compaction, and prints the
 * store's disk use over time as CSV: the curve that shows history does not grow without bound.
 * Run with {@code bench/run-churn-benchmark}.
 */
@Command(name = "churn-benchmark", mixinStandardHelpOptions = true)
public final class ChurnBenchmark implements Callable<Integer> {

  @Option(names = "--keys", defaultValue = "1000", description = "Keys churned. Default: ${DEFAULT-VALUE}.")
  int keys;

  @Option(names = "--duration", defaultValue = "600", description = "Seconds to run. Default: ${DEFAULT-VALUE}.")
  long durationSeconds;

  @Option(names = "--compaction-interval", defaultValue = "60",
      description = "Seconds between compactions. Default: ${DEFAULT-VALUE}.")
  long compactionSeconds;

  @Option(names = "--rate", defaultValue = "2000", description = "Writes per second aimed at. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(names = "--value-size", defaultValue = "1024", description = "Value bytes. Default: ${DEFAULT-VALUE}.")
  int valueSize;

  @Option(names = "--sample", defaultValue = "10", description = "Seconds between samples. Default: ${DEFAULT-VALUE}.")
  long sampleSeconds;

  @Option(names = "--work-dir", description = "Where the store lives (default: a temp directory).")
  Path workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChurnBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("ketch-churn");
    String value = "v".repeat(valueSize);
    AtomicLong writes = new AtomicLong();
    System.out.printf("# %d keys, %d B values, ~%d writes/s, compaction every %d s, %d s, %d cores, dir %s%n",
        keys, valueSize, rate, compactionSeconds, durationSeconds, Runtime.getRuntime().availableProcessors(), dir);
    System.out.println("elapsed_s,writes,revision,compact_revision,disk_bytes,live_bytes");
    try (EmbeddedStore store = EmbeddedStore.open(dir);
        PeriodicCompactor compactor = PeriodicCompactor.start(store, Duration.ofSeconds(compactionSeconds));
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
      int clients = 8;
      long perClientIntervalNanos = TimeUnit.SECONDS.toNanos(1) * clients / rate;
      for (int c = 0; c < clients; c++) {
        int client = c;
        writers.submit(() -> {
          long next = System.nanoTime();
          for (long i = 0; System.nanoTime() < end; i++) {
            // Each key goes through create, update, update, delete in turn.
            int k = (int) ((i * clients + client) % keys);
            String key = "/churn/" + k;
            long step = (i * clients + client) / keys % 4;
            if (step == 3) {
              store.deleteRange(DeleteRangeRequest.of(KeyRange.single(key)));
            } else {
              store.put(PutRequest.of(key, value + step));
            }
            writes.incrementAndGet();
            next += perClientIntervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
          return null;
        });
      }
      while (System.nanoTime() < end) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(sampleSeconds));
        StoreStatus s = store.status();
        System.out.printf("%d,%d,%d,%d,%d,%d%n",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), writes.get(), s.revision(),
            s.compactRevision(), s.dbSizeBytes(), s.dbSizeInUseBytes());
        System.out.flush();
      }
    }
    return 0;
  }
}
