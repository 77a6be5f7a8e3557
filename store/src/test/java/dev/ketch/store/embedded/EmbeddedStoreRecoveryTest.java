package dev.ketch.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ketch.store.DeleteRangeRequest;
import dev.ketch.store.Event;
import dev.ketch.store.KeyRange;
import dev.ketch.store.PutRequest;
import dev.ketch.store.RangeRequest;
import dev.ketch.store.StoreException;
import dev.ketch.store.WatchListener;
import dev.ketch.store.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store has to prove: state survives reopening, compaction reclaims. */
class EmbeddedStoreRecoveryTest {

  @TempDir Path dir;

  @Test
  void reopeningRestoresKeysRevisionsAndHistory() {
    long deleteRev;
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      store.put(PutRequest.of("/a", "1"));
      store.put(PutRequest.of("/a", "2"));
      store.put(PutRequest.of("/b", "x"));
      deleteRev = store.deleteRange(DeleteRangeRequest.key("/b")).revision();
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      assertThat(store.status().revision()).isEqualTo(deleteRev);
      var a = store.range(RangeRequest.key("/a")).single();
      assertThat(a.value().toStringUtf8()).isEqualTo("2");
      assertThat(a.version()).isEqualTo(2);
      assertThat(a.createRevision()).isEqualTo(2);
      assertThat(store.range(RangeRequest.key("/b")).kvs()).isEmpty();
      assertThat(store.range(RangeRequest.key("/b").atRevision(4)).single().value().toStringUtf8()).isEqualTo("x");
      // The next write continues the revision sequence, never reusing one.
      assertThat(store.put(PutRequest.of("/c", "y")).revision()).isEqualTo(deleteRev + 1);
    }
  }

  @Test
  void revisionOfATrailingDeleteSurvivesCompactionAndReopening() {
    long last;
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      store.put(PutRequest.of("/k", "v"));
      last = store.deleteRange(DeleteRangeRequest.key("/k")).revision();
      store.compact(last);
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      assertThat(store.status().revision()).isEqualTo(last);
      assertThat(store.status().compactRevision()).isEqualTo(last);
      assertThatThrownBy(() -> store.range(RangeRequest.key("/k").atRevision(last - 1)))
          .isInstanceOf(StoreException.CompactedException.class);
      assertThat(store.put(PutRequest.of("/k", "again")).revision()).isEqualTo(last + 1);
    }
  }

  @Test
  void leasesSurviveReopeningWithTheirKeys() {
    long lease;
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      lease = store.grantLease(30, 0).id();
      store.put(PutRequest.of("/leased", "v").withLease(lease));
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      assertThat(store.leases()).containsExactly(lease);
      assertThat(store.leaseTimeToLive(lease, true).keys()).extracting(b -> b.toStringUtf8()).containsExactly("/leased");
      store.revokeLease(lease);
      assertThat(store.range(RangeRequest.key("/leased")).kvs()).isEmpty();
    }
  }

  @Test
  void concurrentWritersGetDistinctConsecutiveRevisions() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      int writers = 16;
      int perWriter = 100;
      List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int id = w;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < perWriter; i++) {
              revisions.add(store.put(PutRequest.of("/w/" + id + "/" + i, "v")).revision());
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      }
      assertThat(revisions).doesNotHaveDuplicates().hasSize(writers * perWriter);
      // A fresh store is at revision 1; the writes took every revision after it.
      assertThat(Collections.max(revisions)).isEqualTo(1 + writers * perWriter);
      assertThat(store.range(RangeRequest.prefix("/w/").withCountOnly()).count()).isEqualTo(writers * perWriter);
    }
  }

  @Test
  void watchFarBehindReadsHistoryFromDisk() {
    EmbeddedStoreOptions small = EmbeddedStoreOptions.onDisk(dir).withWatchRing(4, 1 << 20);
    try (EmbeddedStore store = EmbeddedStore.open(small)) {
      for (int i = 0; i < 50; i++) {
        store.put(PutRequest.of("/h/" + (i % 5), "v" + i));
      }
      List<Event> seen = new CopyOnWriteArrayList<>();
      store.watch(WatchRequest.of(KeyRange.prefix("/h/")).fromRevision(2).withPrevKv(), collect(seen));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 50);
      assertThat(seen).extracting(Event::revision).isSorted().doesNotHaveDuplicates();
      assertThat(seen.get(5).prevKv().value().toStringUtf8()).isEqualTo("v0");
    }
  }

  @Test
  void compactionDeletesObsoleteChangesFromDiskAndSurvivesReopening() {
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      for (int i = 0; i < 100; i++) {
        store.put(PutRequest.of("/churn", "v" + i));
      }
      store.put(PutRequest.of("/gone", "x"));
      store.deleteRange(DeleteRangeRequest.key("/gone"));
      store.put(PutRequest.of("/last", "x"));
      store.compact(store.status().revision());
    }
    // Closing waits for the reclaimer: only the state at the compaction revision is left.
    try (RocksBackend backend = new RocksBackend(dir)) {
      assertThat(countChanges(backend)).isEqualTo(2);
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir)) {
      var churn = store.range(RangeRequest.key("/churn")).single();
      assertThat(churn.value().toStringUtf8()).isEqualTo("v99");
      assertThat(churn.version()).isEqualTo(100);
      assertThat(store.range(RangeRequest.key("/gone")).kvs()).isEmpty();
    }
  }

  private static int countChanges(Backend backend) {
    int[] count = {0};
    backend.scan(Backend.Space.KV, Revision.startOf(0), null, (k, v) -> ++count[0] > 0);
    return count[0];
  }

  private static WatchListener collect(List<Event> into) {
    return new WatchListener() {
      @Override
      public void onEvents(List<Event> events) {
        into.addAll(events);
      }

      @Override
      public void onCompacted(long compactRevision) {}
    };
  }
}
