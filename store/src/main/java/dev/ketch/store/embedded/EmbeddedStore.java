package dev.ketch.store.embedded;

import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.DeleteRangeResponse;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.LeaseGrant;
import dev.ketch.store.LeaseStatus;
import dev.ketch.store.Op;
import dev.ketch.store.PutRequest;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreException;
import dev.ketch.store.StoreStatus;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: etcd's MVCC model in this process, kept in RocksDB (or in memory).
 *
 * <p>Structure, after etcd's {@code mvcc} package: a {@link TreeIndex} in memory maps every key to
 * the revisions that changed it; the {@link Backend} keeps each change under its revision. Reads
 * run on the caller's thread against a {@link ReadView} at a committed revision. Writes go through
 * the single {@link WriteLoop}, which group-commits them. Watches pull from the {@link WatchHub}.
 * Leases live in the {@link Lessor}; expired ones are revoked through the write loop.
 *
 * <p>Threads owned: the write loop, a reclaimer, a lease-expiry ticker, and one virtual thread per
 * watch. Nothing is static: several stores can live in one JVM.
 */
public final class EmbeddedStore implements KeyValueStore {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

  /** The etcd API level served, with this store named as the build. */
  public static final String VERSION = "3.4.0+ketch";

  private final EmbeddedStoreOptions options;
  private final Backend backend;
  private final TreeIndex index = new TreeIndex();
  private final Lessor lessor;
  private final StoreState state;
  private final WatchHub hub;
  private final WriteLoop writer;
  private final Reclaimer reclaimer;
  private final ScheduledExecutorService leaseTicker;
  private final Set<Long> revoking = ConcurrentHashMap.newKeySet();

  private EmbeddedStore(EmbeddedStoreOptions options, Backend backend) {
    this.options = options;
    this.backend = backend;
    this.lessor = new Lessor(options.clock());
    long started = System.nanoTime();
    Recovery.Result recovered = Recovery.recover(backend, index, lessor);
    this.state = new StoreState(recovered.revision(), recovered.compactRevision());
    History history = new History(backend, index, state::compactRevision);
    this.hub =
        new WatchHub(
            history,
            state::committedRevision,
            state::compactRevision,
            options.watchRingRevisions(),
            options.watchRingBytes());
    this.reclaimer = new Reclaimer(backend);
    this.writer =
        new WriteLoop(state, index, lessor, backend, hub, options.fsync(), options.maxBatch(), reclaimer::reclaim);
    writer.deferTombstones(recovered.deferred());
    if (!recovered.obsolete().isEmpty()) {
      reclaimer.reclaim(recovered.obsolete());
    }
    writer.start();
    this.leaseTicker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ketch-store-leases").daemon().factory());
    long interval = options.leaseCheckInterval().toMillis();
    leaseTicker.scheduleWithFixedDelay(this::revokeExpired, interval, interval, TimeUnit.MILLISECONDS);
    log.info(
        "store opened dir={} revision={} compactRevision={} keys={} leases={} tookMs={}",
        options.inMemoryOnly() ? "(memory)" : options.dataDir(),
        recovered.revision(),
        recovered.compactRevision(),
        index.size(),
        lessor.ids().size(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Opens a store with the given options; on disk, reopening a directory restores everything. */
  public static EmbeddedStore open(EmbeddedStoreOptions options) {
    Backend backend = options.inMemoryOnly() ? new MemoryBackend() : new RocksBackend(options.dataDir());
    try {
      return new EmbeddedStore(options, backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** Opens (or creates) a durable store in {@code dataDir}. */
  public static EmbeddedStore open(Path dataDir) {
    return open(EmbeddedStoreOptions.onDisk(dataDir));
  }

  /** A store that lives in memory only. */
  public static EmbeddedStore inMemory() {
    return open(EmbeddedStoreOptions.inMemory());
  }

  @Override
  public RangeResponse range(RangeRequest request) {
    state.ensureOpen();
    RequestChecks.checkRange(request);
    long current = state.committedRevision();
    long at = request.revision() > 0 ? request.revision() : current;
    checkReadable(at, current);
    RangeResponse response = new ReadView(index, at, this::loadCommitted, state::compactRevision).range(request, current);
    checkNotOvertaken(at);
    return response;
  }

  @Override
  public PutResponse put(PutRequest request) {
    RequestChecks.checkPut(request);
    return (PutResponse) writeOne(request);
  }

  @Override
  public DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
    RequestChecks.checkDelete(request);
    return (DeleteRangeResponse) writeOne(request);
  }

  private Object writeOne(Op op) {
    RequestChecks.checkSize(op);
    TxnResponse txn = write(new TxnRequest(List.of(), List.of(op), List.of()));
    return txn.responses().getFirst();
  }

  @Override
  public TxnResponse txn(TxnRequest request) {
    RequestChecks.checkTxn(request);
    RequestChecks.checkSize(request);
    if (request.isReadOnly()) {
      return readOnlyTxn(request);
    }
    return write(request);
  }

  private TxnResponse write(TxnRequest txn) {
    return (TxnResponse) writer.submit(new WriteLoop.TxnWrite(txn, new CompletableFuture<>()));
  }

  /** Serves a transaction that cannot write on the caller's thread, at the committed revision. */
  private TxnResponse readOnlyTxn(TxnRequest request) {
    state.ensureOpen();
    long current = state.committedRevision();
    TxnApplier reader = new TxnApplier(index, lessor, state::compactRevision);
    TxnResponse response = reader.apply(request, current, new PendingBatch(backend));
    checkNotOvertaken(current);
    return response;
  }

  private void checkReadable(long at, long current) {
    if (at > current) {
      throw new StoreException.FutureRevisionException();
    }
    long compacted = state.compactRevision();
    if (at < compacted) {
      throw new StoreException.CompactedException(compacted);
    }
  }

  private void checkNotOvertaken(long at) {
    long compacted = state.compactRevision();
    if (at < compacted) {
      // A compaction started while we read; what we read may miss changes it removed.
      throw new StoreException.CompactedException(compacted);
    }
  }

  private StoredChange loadCommitted(Revision revision) {
    byte[] stored = backend.get(Backend.Space.KV, revision.encode());
    return stored == null ? null : StoredChange.decode(revision.main(), stored);
  }

  @Override
  public void compact(long revision) {
    writer.submit(new WriteLoop.CompactWrite(revision, new CompletableFuture<>()));
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    state.ensureOpen();
    if (request.range().key().isEmpty()) {
      throw new StoreException.InvalidRequestException(RequestChecks.KEY_NOT_PROVIDED);
    }
    return hub.open(request, listener);
  }

  @Override
  public LeaseGrant grantLease(long ttlSeconds, long id) {
    return (LeaseGrant) writer.submit(new WriteLoop.GrantWrite(id, ttlSeconds, new CompletableFuture<>()));
  }

  @Override
  public void revokeLease(long id) {
    writer.submit(new WriteLoop.RevokeWrite(id, true, new CompletableFuture<>()));
  }

  @Override
  public long keepAliveLease(long id) {
    state.ensureOpen();
    return lessor.renew(id);
  }

  @Override
  public LeaseStatus leaseTimeToLive(long id, boolean withKeys) {
    state.ensureOpen();
    Lessor.Lease lease = lessor.get(id);
    if (lease == null) {
      return new LeaseStatus(id, -1, 0, List.of());
    }
    List<dev.ketch.store.Bytes> keys = withKeys ? lease.keys.stream().sorted().toList() : List.of();
    return new LeaseStatus(id, lessor.remainingSeconds(lease), lease.ttlSeconds, keys);
  }

  @Override
  public List<Long> leases() {
    state.ensureOpen();
    return lessor.ids();
  }

  private void revokeExpired() {
    try {
      for (long id : lessor.expired()) {
        if (revoking.add(id)) {
          CompletableFuture<Object> done = new CompletableFuture<>();
          done.whenComplete((r, e) -> revoking.remove(id));
          writer.submitAsync(new WriteLoop.RevokeWrite(id, false, done));
          log.debug("lease expired lease={}", id);
        }
      }
    } catch (RuntimeException e) {
      log.warn("lease expiry check failed", e);
    }
  }

  @Override
  public StoreStatus status() {
    state.ensureOpen();
    return new StoreStatus(
        state.committedRevision(),
        state.compactRevision(),
        backend.sizeOnDisk(),
        backend.liveDataSize(),
        VERSION);
  }

  @Override
  public long currentRevision() {
    state.ensureOpen();
    return state.committedRevision();
  }

  /** The number of keys that exist now or have history; for metrics. */
  public int indexedKeys() {
    return index.size();
  }

  /** The number of open watches; for metrics. */
  public int watchCount() {
    return hub.watchCount();
  }

  @Override
  public void close() {
    state.close();
    leaseTicker.shutdownNow();
    writer.close();
    hub.close();
    reclaimer.close();
    backend.close();
    log.info("store closed dir={}", options.inMemoryOnly() ? "(memory)" : options.dataDir());
  }
}
