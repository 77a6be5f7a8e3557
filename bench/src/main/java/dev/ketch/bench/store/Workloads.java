package dev.ketch.bench.store;

import dev.ketch.store.Bytes;
import dev.ketch.store.Event;
import dev.ketch.store.KeyRange;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads, each run the same way against any {@link KeyValueStore}: a number of clients on
 * virtual threads, each timing every request it makes.
 */
final class Workloads {

  private final KeyValueStore store;
  private final String target;
  private final int keySize;
  private final int valueSize;

  Workloads(KeyValueStore store, String target, int keySize, int valueSize) {
    this.store = store;
    this.target = target;
    this.keySize = keySize;
    this.valueSize = valueSize;
  }

  private Bytes key(String prefix, long n) {
    StringBuilder sb = new StringBuilder(prefix).append(n).append('/');
    while (sb.length() < keySize) {
      sb.append('k');
    }
    return Bytes.of(sb.substring(0, Math.max(keySize, prefix.length() + 1)));
  }

  private Bytes value() {
    return Bytes.of("v".repeat(valueSize));
  }

  /** Puts {@code total} distinct keys from {@code clients} clients. */
  Result puts(String prefix, int clients, long total) throws Exception {
    Bytes value = value();
    AtomicLong next = new AtomicLong();
    return run("put", clients, total, latencies -> {
      long n;
      while ((n = next.getAndIncrement()) < total) {
        long start = System.nanoTime();
        store.put(PutRequest.of(key(prefix, n), value));
        latencies.record(System.nanoTime() - start);
      }
    });
  }

  /** Reads single keys among {@code keys} existing ones. */
  Result gets(String prefix, int clients, long total, long keys) throws Exception {
    AtomicLong next = new AtomicLong();
    return run("range (1 key)", clients, total, latencies -> {
      long n;
      while ((n = next.getAndIncrement()) < total) {
        RangeRequest r = RangeRequest.of(KeyRange.single(key(prefix, n % keys)));
        long start = System.nanoTime();
        store.range(r);
        latencies.record(System.nanoTime() - start);
      }
    });
  }

  /**
   * Creates {@code size} keys under a prefix, then lists the prefix, as an API server lists every
   * object of one resource.
   */
  Result lists(String prefix, int clients, long total, int size) throws Exception {
    Bytes value = value();
    for (int i = 0; i < size; i++) {
      store.put(PutRequest.of(key(prefix, i), value));
    }
    AtomicLong next = new AtomicLong();
    return run("range (" + size + " keys)", clients, total, latencies -> {
      while (next.getAndIncrement() < total) {
        long start = System.nanoTime();
        store.range(RangeRequest.prefix(prefix));
        latencies.record(System.nanoTime() - start);
      }
    });
  }

  /**
   * Puts from {@code clients} clients while {@code watchers} watches of the prefix each receive
   * every event; latency is from the start of the put to the event's arrival at every watcher.
   */
  Result watch(String prefix, int clients, long total, int watchers) throws Exception {
    Bytes value = value();
    ConcurrentHashMap<Bytes, Long> started = new ConcurrentHashMap<>();
    List<Latencies> perWatcher = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(watchers);
    List<Watch> watches = new ArrayList<>();
    for (int w = 0; w < watchers; w++) {
      Latencies lat = new Latencies();
      perWatcher.add(lat);
      AtomicLong seen = new AtomicLong();
      watches.add(
          store.watch(
              WatchRequest.of(KeyRange.prefix(prefix)),
              new WatchListener() {
                @Override
                public void onEvents(List<Event> events) {
                  long now = System.nanoTime();
                  for (Event e : events) {
                    Long t0 = started.get(e.kv().key());
                    if (t0 != null) {
                      lat.record(now - t0);
                    }
                    if (seen.incrementAndGet() == total) {
                      done.countDown();
                    }
                  }
                }

                @Override
                public void onCompacted(long compactRevision) {}
              }));
    }
    AtomicLong next = new AtomicLong();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(pool.submit(() -> {
          long n;
          while ((n = next.getAndIncrement()) < total) {
            Bytes k = key(prefix, n);
            started.put(k, System.nanoTime());
            store.put(PutRequest.of(k, value));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    done.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    watches.forEach(Watch::close);
    return new Result(target, "watch (" + watchers + " watchers)", clients, total * watchers, seconds, Latencies.merge(perWatcher));
  }

  @FunctionalInterface
  private interface Client {
    void run(Latencies latencies) throws Exception;
  }

  private Result run(String workload, int clients, long total, Client client) throws Exception {
    List<Latencies> all = new ArrayList<>();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Latencies lat = new Latencies();
        all.add(lat);
        futures.add(pool.submit(() -> {
          client.run(lat);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(target, workload, clients, total, seconds, Latencies.merge(all));
  }
}
