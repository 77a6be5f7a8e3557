package dev.ketch.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The base of the store's contract tests: every {@link KeyValueStore} implementation must pass
 * {@link KvContract}, {@link TxnContract}, {@link WatchContract}, {@link LeaseContract} and {@link
 * CompactionContract}, each through a subclass that provides the store.
 *
 * <p>A real etcd is the reference: each expectation here was checked against etcd 3.4, including
 * the surprising ones, which say so where they are tested.
 *
 * <p>Tests share one store per class and never clean up. Each test works under a key prefix of its
 * own and states every revision relative to the revision at its start, so that it passes whatever
 * ran before it. Tests of one class must run one at a time: a test counts the revisions it creates,
 * and some compact the store at a revision of their own.
 */
public abstract class KeyValueStoreContract {

  /** How long asynchronous outcomes (watch events, lease expiry) may take. */
  protected static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(15);

  private String prefix;
  private long startRevision;

  /** The store under test, shared by the tests of a class. */
  protected abstract KeyValueStore store();

  @BeforeEach
  final void setUpPrefix(TestInfo test) {
    String method = test.getTestMethod().map(m -> m.getName()).orElse("test");
    prefix =
        "/contract/"
            + getClass().getSimpleName()
            + "/"
            + method
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "/";
    startRevision = revision();
  }

  /** The key {@code name} under this test's prefix. */
  protected String key(String name) {
    return prefix + name;
  }

  protected Bytes keyBytes(String name) {
    return Bytes.of(key(name));
  }

  /** This test's prefix: no other test writes under it. */
  protected String prefix() {
    return prefix;
  }

  /** The store's revision when this test started. */
  protected long startRevision() {
    return startRevision;
  }

  /** The store's current revision, as the header of a read reports it. */
  protected long revision() {
    return store().range(RangeRequest.key("/contract/revision-probe")).revision();
  }

  protected PutResponse put(String name, String value) {
    return store().put(PutRequest.of(key(name), value));
  }

  protected PutResponse put(String name, String value, long lease) {
    return store().put(PutRequest.of(key(name), value).withLease(lease));
  }

  /** The key {@code name} at the current revision, or null. */
  protected KeyValue get(String name) {
    return store().range(RangeRequest.key(key(name))).single();
  }

  protected KeyValue getAt(String name, long revision) {
    return store().range(RangeRequest.key(key(name)).atRevision(revision)).single();
  }

  protected DeleteRangeResponse delete(String name) {
    return store().deleteRange(DeleteRangeRequest.key(key(name)));
  }

  protected static TxnRequest txn(java.util.List<Compare> compare, java.util.List<Op> success) {
    return new TxnRequest(compare, success, java.util.List.of());
  }

  protected static ConditionFactory eventually() {
    return await().atMost(ASYNC_TIMEOUT).pollInterval(Duration.ofMillis(20));
  }
}
