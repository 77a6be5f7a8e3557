package dev.ketch.store.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the stored changes a compaction made obsolete, in chunks, off the write path; then asks
 * the backend to give the space back. Owns one background thread.
 *
 * <p>Losing this work in a crash is harmless: the compaction revision is durable, and reopening
 * the store compacts again and finds the leftovers.
 */
final class Reclaimer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Reclaimer.class);
  private static final int CHUNK = 10_000;

  private final Backend backend;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("ketch-store-reclaimer").daemon().factory());

  Reclaimer(Backend backend) {
    this.backend = backend;
  }

  void reclaim(List<Revision> obsolete) {
    executor.execute(() -> delete(obsolete));
  }

  private void delete(List<Revision> obsolete) {
    try {
      List<Backend.Write> chunk = new ArrayList<>(Math.min(CHUNK, obsolete.size()));
      for (Revision r : obsolete) {
        chunk.add(new Backend.Write(Backend.Space.KV, r.encode(), null));
        if (chunk.size() == CHUNK) {
          backend.write(chunk, false);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        backend.write(chunk, false);
      }
      backend.reclaim();
      log.debug("store reclaimed deletedChanges={}", obsolete.size());
    } catch (RuntimeException e) {
      // The store may be closing; the compaction at the next opening finds what is left.
      log.warn("store reclaim interrupted deletedChanges={}", obsolete.size(), e);
    }
  }

  /** Waits for queued work to finish (bounded), then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
