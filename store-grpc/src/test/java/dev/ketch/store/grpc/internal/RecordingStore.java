package dev.ketch.store.grpc.internal;

import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.DeleteRangeResponse;
import dev.ketch.store.KeyValueStore;
import dev.ketch.store.LeaseGrant;
import dev.ketch.store.LeaseStatus;
import dev.ketch.store.PutRequest;
import dev.ketch.store.PutResponse;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.RangeResponse;
import dev.ketch.store.StoreStatus;
import dev.ketch.store.TxnRequest;
import dev.ketch.store.TxnResponse;
import dev.ketch.store.Watch;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A store that records the requests it gets and answers with canned responses, or fails with the
 * exception it was told to throw. For tests of the translation between etcd's messages and the
 * store's.
 */
final class RecordingStore implements KeyValueStore {

  static final long REVISION = 7;

  final List<Object> calls = new ArrayList<>();
  RuntimeException failure;
  Function<Object, Object> answer = request -> null;

  RecordingStore failWith(RuntimeException e) {
    this.failure = e;
    return this;
  }

  RecordingStore answer(Function<Object, Object> answer) {
    this.answer = answer;
    return this;
  }

  private <T> T record(Object request, T fallback) {
    calls.add(request);
    if (failure != null) {
      throw failure;
    }
    @SuppressWarnings("unchecked")
    T answered = (T) answer.apply(request);
    return answered != null ? answered : fallback;
  }

  @Override
  public RangeResponse range(RangeRequest request) {
    return record(request, new RangeResponse(REVISION, List.of(), false, 0));
  }

  @Override
  public PutResponse put(PutRequest request) {
    return record(request, new PutResponse(REVISION, null));
  }

  @Override
  public DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
    return record(request, new DeleteRangeResponse(REVISION, 0, List.of()));
  }

  @Override
  public TxnResponse txn(TxnRequest request) {
    return record(request, new TxnResponse(REVISION, true, List.of()));
  }

  record Compact(long revision) {}

  @Override
  public void compact(long revision) {
    record(new Compact(revision), null);
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    throw new UnsupportedOperationException("the watch tests run against the embedded store");
  }

  record Grant(long ttl, long id) {}

  @Override
  public LeaseGrant grantLease(long ttlSeconds, long id) {
    return record(new Grant(ttlSeconds, id), new LeaseGrant(id == 0 ? 99 : id, ttlSeconds));
  }

  record Revoke(long id) {}

  @Override
  public void revokeLease(long id) {
    record(new Revoke(id), null);
  }

  record KeepAlive(long id) {}

  @Override
  public long keepAliveLease(long id) {
    return record(new KeepAlive(id), 10L);
  }

  record TimeToLive(long id, boolean keys) {}

  @Override
  public LeaseStatus leaseTimeToLive(long id, boolean withKeys) {
    return record(new TimeToLive(id, withKeys), new LeaseStatus(id, -1, 0, List.of()));
  }

  @Override
  public List<Long> leases() {
    return record("leases", List.of());
  }

  @Override
  public StoreStatus status() {
    // Status is how the endpoint learns the revision; it is not recorded as a call.
    return new StoreStatus(REVISION, 0, 4096, 1024, "3.4.0+test");
  }

  @Override
  public void close() {}
}
