package dev.ketch.store.embedded;

import dev.ketch.store.LeaseGrant;
import dev.ketch.store.StoreException;
import dev.ketch.store.TxnRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the store. Owns one platform thread that takes queued write requests, applies
 * as many as are waiting (up to a bound) on top of each other, commits them to the backend in one
 * batch (one fsync for all: group commit), then publishes the new revision and the events, and
 * only then acknowledges the requests.
 *
 * <p>If the backend fails mid-commit, the in-memory index no longer matches the disk, so the loop
 * stops the store: every pending and later request fails, and reopening recovers from disk.
 */
final class WriteLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteLoop.class);

  /** A queued write. */
  sealed interface Write {
    CompletableFuture<Object> result();
  }

  record TxnWrite(TxnRequest txn, CompletableFuture<Object> result) implements Write {}

  record GrantWrite(long id, long ttlSeconds, CompletableFuture<Object> result) implements Write {}

  record RevokeWrite(long id, boolean mustExist, CompletableFuture<Object> result) implements Write {}

  record CompactWrite(long revision, CompletableFuture<Object> result) implements Write {}

  private record Stop(CompletableFuture<Object> result) implements Write {}

  private final StoreState state;
  private final TreeIndex index;
  private final Lessor lessor;
  private final TxnApplier applier;
  private final PendingBatch batch;
  private final WatchHub hub;
  private final boolean fsync;
  private final int maxBatch;
  private final Consumer<List<Revision>> obsoleteSink;
  private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  private final List<Revision> deferredTombstones = new ArrayList<>();
  private final Thread thread;

  WriteLoop(
      StoreState state,
      TreeIndex index,
      Lessor lessor,
      Backend backend,
      WatchHub hub,
      boolean fsync,
      int maxBatch,
      Consumer<List<Revision>> obsoleteSink) {
    this.state = state;
    this.index = index;
    this.lessor = lessor;
    this.applier = new TxnApplier(index, lessor, state::compactRevision);
    this.batch = new PendingBatch(backend);
    this.hub = hub;
    this.fsync = fsync;
    this.maxBatch = maxBatch;
    this.obsoleteSink = obsoleteSink;
    this.thread = Thread.ofPlatform().name("ketch-store-writer").daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Remembers tombstones a compaction at start-up deferred to the next compaction. */
  void deferTombstones(List<Revision> tombstones) {
    deferredTombstones.addAll(tombstones);
  }

  /** Queues a write and waits for its acknowledgement. */
  Object submit(Write write) {
    state.ensureOpen();
    queue.add(write);
    try {
      return write.result().join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Queues a write without waiting. */
  void submitAsync(Write write) {
    queue.add(write);
  }

  private void run() {
    List<Write> group = new ArrayList<>();
    try {
      while (true) {
        group.add(queue.take());
        queue.drainTo(group, maxBatch - 1);
        if (!process(group)) {
          return;
        }
        group.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("store write loop failed; the store stops", e);
      StoreException failure = new StoreException.UnavailableException("the store failed: " + e.getMessage(), e);
      state.fail(failure);
      group.forEach(w -> w.result().completeExceptionally(failure));
    }
    failQueued();
  }

  /** Applies and commits one group; returns false when asked to stop. */
  private boolean process(List<Write> group) {
    long before = state.pendingRevision();
    Object[] results = new Object[group.size()];
    boolean stop = false;
    for (int i = 0; i < group.size(); i++) {
      Write w = group.get(i);
      if (w instanceof Stop) {
        stop = true;
        continue;
      }
      try {
        results[i] = apply(w);
      } catch (StoreException e) {
        // Checks run before any change, so a refused request left nothing behind.
        results[i] = e;
      }
    }
    if (!batch.isEmpty()) {
      batch.commit(state.pendingRevision(), fsync);
    }
    List<RevisionEvents> events = List.copyOf(batch.events());
    hub.publish(events);
    List<Revision> obsolete = batch.obsolete().isEmpty() ? List.of() : List.copyOf(batch.obsolete());
    batch.clear();
    if (state.pendingRevision() != before) {
      state.commit(state.pendingRevision());
      hub.committed(events);
    }
    if (!obsolete.isEmpty()) {
      obsoleteSink.accept(obsolete);
    }
    for (int i = 0; i < group.size(); i++) {
      Object r = results[i];
      if (r instanceof Throwable t) {
        group.get(i).result().completeExceptionally(t);
      } else {
        group.get(i).result().complete(r);
      }
    }
    return !stop;
  }

  private Object apply(Write w) {
    long current = state.pendingRevision();
    return switch (w) {
      case TxnWrite t -> {
        var response = applier.apply(t.txn(), current, batch);
        state.advancePending(response.revision());
        yield response;
      }
      case GrantWrite g -> {
        if (g.ttlSeconds() > dev.ketch.store.KeyValueStore.MAX_LEASE_TTL_SECONDS) {
          throw new StoreException.LeaseTtlTooLargeException();
        }
        if (g.id() != 0 && lessor.exists(g.id())) {
          throw new StoreException.LeaseExistsException();
        }
        long id = g.id() != 0 ? g.id() : lessor.newId();
        long ttl = Lessor.effectiveTtl(g.ttlSeconds());
        lessor.grant(id, ttl);
        batch.putLease(id, ttl);
        yield new LeaseGrant(id, ttl);
      }
      case RevokeWrite r -> {
        if (!lessor.exists(r.id())) {
          if (r.mustExist()) {
            throw new StoreException.LeaseNotFoundException();
          }
          yield current;
        }
        long revision = applier.revokeLease(r.id(), current, batch);
        state.advancePending(revision);
        yield revision;
      }
      case CompactWrite c -> {
        compact(c.revision(), current);
        yield c.revision();
      }
      case Stop s -> throw new IllegalStateException("unreachable");
    };
  }

  private void compact(long revision, long current) {
    long compacted = state.compactRevision();
    if (revision <= compacted) {
      throw new StoreException.CompactedException(compacted);
    }
    if (revision > current) {
      throw new StoreException.FutureRevisionException();
    }
    // Published at once: reads below it now fail instead of seeing a half-compacted index.
    state.setCompactRevision(revision);
    batch.setCompactRevision(revision);
    List<Revision> obsolete = batch.obsolete();
    obsolete.addAll(deferredTombstones);
    deferredTombstones.clear();
    index.compact(revision, obsolete::add, deferredTombstones);
    log.info("store compacted revision={} obsoleteChanges={}", revision, obsolete.size());
  }

  private void failQueued() {
    StoreException closed = state.failure() != null ? state.failure()
        : new StoreException.UnavailableException("the store is closed", null);
    Write w;
    while ((w = queue.poll()) != null) {
      w.result().completeExceptionally(closed);
    }
  }

  /** Stops after the writes queued so far; waits for the loop to end. */
  @Override
  public void close() {
    if (thread.isAlive()) {
      queue.add(new Stop(new CompletableFuture<>()));
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    failQueued();
  }
}
