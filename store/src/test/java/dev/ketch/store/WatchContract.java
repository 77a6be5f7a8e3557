package dev.ketch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ketch.store.Event.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watches: what they deliver, in which order, with which options, and how they end. */
public abstract class WatchContract extends KeyValueStoreContract {

  private final List<Watch> watches = new ArrayList<>();

  @AfterEach
  void closeWatches() {
    watches.forEach(Watch::close);
  }

  private Watch watch(WatchRequest request, RecordingListener listener) {
    Watch watch = store().watch(request, listener);
    watches.add(watch);
    return watch;
  }

  private static String key(Event event) {
    return event.kv().key().toStringUtf8();
  }

  @Test
  void aWatchFromNowDeliversLaterChangesOfItsKeyInOrder() {
    put("a", "before");
    long now = revision();
    RecordingListener listener = new RecordingListener();

    Watch watch = watch(WatchRequest.of(KeyRange.single(key("a"))), listener);
    long put = put("a", "1").revision();
    put("other", "x");
    long deleted = delete("a").revision();

    assertThat(watch.startRevision()).isEqualTo(now + 1);
    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(2));
    List<Event> events = listener.events();
    assertThat(events.get(0))
        .isEqualTo(
            new Event(
                Type.PUT,
                new KeyValue(keyBytes("a"), startRevision() + 1, put, 2, Bytes.of("1"), 0),
                null));
    assertThat(events.get(1))
        .isEqualTo(
            new Event(
                Type.DELETE, new KeyValue(keyBytes("a"), 0, deleted, 0, Bytes.EMPTY, 0), null));
    assertThat(listener.notifications()).isEmpty();
  }

  @Test
  void aPrefixWatchFromAnOlderRevisionReplaysHistoryThenFollows() {
    long first = put("p/1", "1").revision();
    put("p/2", "2");
    put("q", "outside");
    delete("p/1");
    RecordingListener listener = new RecordingListener();

    Watch watch = watch(WatchRequest.of(KeyRange.prefix(key("p/"))).fromRevision(first), listener);
    long later = put("p/3", "3").revision();

    assertThat(watch.startRevision()).isEqualTo(first);
    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(4));
    assertThat(listener.events())
        .extracting(Event::type, WatchContract::key, Event::revision)
        .containsExactly(
            tuple(Type.PUT, key("p/1"), first),
            tuple(Type.PUT, key("p/2"), first + 1),
            tuple(Type.DELETE, key("p/1"), first + 3),
            tuple(Type.PUT, key("p/3"), later));
  }

  @Test
  void aWatchAskingForPreviousValuesGetsThemWithEachEvent() {
    long created = put("a", "1").revision();
    RecordingListener withPrev = new RecordingListener();
    RecordingListener withoutPrev = new RecordingListener();
    WatchRequest request = WatchRequest.of(KeyRange.prefix(prefix()));

    watch(request.withPrevKv(), withPrev);
    watch(request, withoutPrev);
    long updated = put("a", "2").revision();
    put("b", "new");
    delete("a");

    eventually().untilAsserted(() -> assertThat(withPrev.events()).hasSize(3));
    eventually().untilAsserted(() -> assertThat(withoutPrev.events()).hasSize(3));
    assertThat(withPrev.events())
        .extracting(Event::prevKv)
        .containsExactly(
            new KeyValue(keyBytes("a"), created, created, 1, Bytes.of("1"), 0),
            null,
            new KeyValue(keyBytes("a"), created, updated, 2, Bytes.of("2"), 0));
    assertThat(withoutPrev.events()).extracting(Event::prevKv).containsOnlyNulls();
  }

  @Test
  void filtersLeaveOutPutsOrDeletes() {
    RecordingListener noPuts = new RecordingListener();
    RecordingListener noDeletes = new RecordingListener();
    WatchRequest request = WatchRequest.of(KeyRange.prefix(prefix()));

    watch(request.withoutPuts(), noPuts);
    watch(request.withoutDeletes(), noDeletes);
    put("a", "1");
    put("b", "1");
    long deleted = delete("a").revision();
    long last = put("c", "1").revision();

    eventually().untilAsserted(() -> assertThat(noDeletes.events()).hasSize(3));
    eventually().untilAsserted(() -> assertThat(noPuts.events()).hasSize(1));
    assertThat(noPuts.events())
        .extracting(Event::type, Event::revision)
        .containsExactly(tuple(Type.DELETE, deleted));
    assertThat(noDeletes.events()).extracting(Event::type).containsOnly(Type.PUT);
    assertThat(noDeletes.events().getLast().revision()).isEqualTo(last);
  }

  @Test
  void theEventsOfOneTransactionArriveTogether() {
    put("gone", "1");
    RecordingListener listener = new RecordingListener();
    watch(WatchRequest.of(KeyRange.prefix(prefix())), listener);

    long revision =
        store()
            .txn(
                txn(
                    List.of(),
                    List.of(
                        PutRequest.of(key("a"), "1"),
                        PutRequest.of(key("b"), "2"),
                        DeleteRangeRequest.key(key("gone")))))
            .revision();

    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(3));
    assertThat(listener.batches()).hasSize(1);
    assertThat(listener.events()).extracting(Event::revision).containsOnly(revision);
    assertThat(listener.events())
        .extracting(Event::type, WatchContract::key)
        .containsExactlyInAnyOrder(
            tuple(Type.PUT, key("a")), tuple(Type.PUT, key("b")), tuple(Type.DELETE, key("gone")));
  }

  @Test
  void aRangeDeleteDeliversOneTombstonePerKey() {
    long a = put("r/a", "1").revision();
    put("r/b", "2");
    RecordingListener listener = new RecordingListener();
    watch(WatchRequest.of(KeyRange.prefix(key("r/"))).withPrevKv(), listener);

    long deleted =
        store().deleteRange(DeleteRangeRequest.of(KeyRange.prefix(key("r/")))).revision();

    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(2));
    assertThat(listener.events())
        .extracting(Event::kv)
        .containsExactly(
            new KeyValue(keyBytes("r/a"), 0, deleted, 0, Bytes.EMPTY, 0),
            new KeyValue(keyBytes("r/b"), 0, deleted, 0, Bytes.EMPTY, 0));
    assertThat(listener.events().getFirst().prevKv())
        .isEqualTo(new KeyValue(keyBytes("r/a"), a, a, 1, Bytes.of("1"), 0));
  }

  @Test
  void aWatchFromAFutureRevisionStartsThere() {
    long now = revision();
    RecordingListener listener = new RecordingListener();

    Watch watch = watch(WatchRequest.of(KeyRange.prefix(prefix())).fromRevision(now + 2), listener);
    put("a", "1");
    long second = put("a", "2").revision();

    assertThat(watch.startRevision()).isEqualTo(now + 2);
    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(1));
    assertThat(listener.events().getFirst().revision()).isEqualTo(second);
  }

  @Test
  void aProgressRequestReportsARevisionCoveringEveryDeliveredEvent() {
    RecordingListener listener = new RecordingListener();
    Watch watch = watch(WatchRequest.of(KeyRange.prefix(prefix())), listener);
    long written = put("a", "1").revision();
    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(1));

    watch.requestProgress();

    eventually().untilAsserted(() -> assertThat(listener.progress()).hasSize(1));
    assertThat(listener.progress().getFirst()).isGreaterThanOrEqualTo(written);
  }

  @Test
  void closingAWatchSaysSoOnceAndStopsTheEvents() {
    RecordingListener listener = new RecordingListener();
    Watch watch = watch(WatchRequest.of(KeyRange.prefix(prefix())), listener);
    put("a", "1");
    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(1));

    watch.close();
    watch.close();
    put("a", "2");
    RecordingListener after = new RecordingListener();
    watch(WatchRequest.of(KeyRange.prefix(prefix())).fromRevision(startRevision() + 1), after);

    // Once a later watch has seen the second put, the closed one would have had it too.
    eventually().untilAsserted(() -> assertThat(after.events()).hasSize(2));
    assertThat(listener.events()).hasSize(1);
    assertThat(listener.notifications()).containsExactly(new RecordingListener.Closed(null));
  }

  @Test
  void concurrentWritersAreSeenInRevisionOrderExactlyOnce() throws Exception {
    int writers = 8;
    int putsEach = 200;
    RecordingListener listener = new RecordingListener();
    watch(WatchRequest.of(KeyRange.prefix(prefix())).fromRevision(startRevision() + 1), listener);

    List<Long> written = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String writer = "w" + w + "/";
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < putsEach; i++) {
                    written.add(put(writer + (i % 10), "v" + i).revision());
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }

    eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(writers * putsEach));
    List<Long> seen = listener.events().stream().map(Event::revision).toList();
    assertThat(seen).isSorted().doesNotHaveDuplicates();
    assertThat(seen).containsExactlyElementsOf(written.stream().sorted().toList());
    assertThat(seen.getFirst()).isEqualTo(startRevision() + 1);
    assertThat(seen.getLast()).isEqualTo(startRevision() + writers * putsEach);
  }
}
