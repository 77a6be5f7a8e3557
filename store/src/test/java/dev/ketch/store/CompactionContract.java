package dev.ketch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compaction: what stays readable, what fails and how watches learn of it. Each test compacts at a
 * revision it wrote itself, above everything earlier tests wrote.
 */
public abstract class CompactionContract extends KeyValueStoreContract {

  @Test
  void readsBelowTheCompactionRevisionFailAndTheRevisionItselfStaysReadable() {
    long v1 = put("a", "1").revision();
    long v2 = put("a", "2").revision();
    long v3 = put("a", "3").revision();

    store().compact(v2);

    assertThatThrownBy(() -> getAt("a", v1))
        .isInstanceOfSatisfying(
            StoreException.CompactedException.class,
            e -> assertThat(e.compactRevision()).isEqualTo(v2));
    assertThat(getAt("a", v2).value()).isEqualTo(Bytes.of("2"));
    assertThat(getAt("a", v3).value()).isEqualTo(Bytes.of("3"));
    assertThat(get("a")).isEqualTo(new KeyValue(keyBytes("a"), v1, v3, 3, Bytes.of("3"), 0));
  }

  @Test
  void compactionKeepsTheLatestStateOfEveryKey() {
    put("kept", "1");
    put("kept", "2");
    put("deleted", "1");
    delete("deleted");
    long current = put("other", "1").revision();

    store().compact(current);

    assertThat(store().range(RangeRequest.prefix(prefix())).kvs())
        .extracting(kv -> kv.key().toStringUtf8(), kv -> kv.value().toStringUtf8())
        .containsExactly(tuple(key("kept"), "2"), tuple(key("other"), "1"));
    assertThat(revision()).isEqualTo(current);
  }

  @Test
  void aTransactionReadingBelowTheCompactionRevisionFails() {
    long v1 = put("a", "1").revision();
    long v2 = put("a", "2").revision();
    store().compact(v2);

    assertThatThrownBy(
            () ->
                store()
                    .txn(
                        txn(
                            List.of(),
                            List.of(
                                PutRequest.of(key("b"), "1"),
                                RangeRequest.key(key("a")).atRevision(v1)))))
        .isInstanceOfSatisfying(
            StoreException.CompactedException.class,
            e -> assertThat(e.compactRevision()).isEqualTo(v2));
    assertThat(get("b")).isNull();
  }

  @Test
  void compactingAtOrBelowThePreviousCompactionFails() {
    long v1 = put("a", "1").revision();
    long v2 = put("a", "2").revision();
    put("a", "3");
    store().compact(v2);

    assertThatThrownBy(() -> store().compact(v2))
        .isInstanceOfSatisfying(
            StoreException.CompactedException.class,
            e -> assertThat(e.compactRevision()).isEqualTo(v2));
    assertThatThrownBy(() -> store().compact(v1))
        .isInstanceOf(StoreException.CompactedException.class);
  }

  @Test
  void compactingAFutureRevisionFails() {
    long current = put("a", "1").revision();

    assertThatThrownBy(() -> store().compact(current + 1))
        .isInstanceOf(StoreException.FutureRevisionException.class);
  }

  @Test
  void compactingTheCurrentRevisionIsAllowed() {
    long current = put("a", "1").revision();

    store().compact(current);

    assertThat(getAt("a", current).value()).isEqualTo(Bytes.of("1"));
    assertThat(revision()).isEqualTo(current);
  }

  @Test
  void aWatchFromACompactedRevisionEndsWithTheCompactionRevision() {
    long v1 = put("a", "1").revision();
    long v2 = put("a", "2").revision();
    store().compact(v2);
    RecordingListener listener = new RecordingListener();

    Watch watch =
        store().watch(WatchRequest.of(KeyRange.prefix(prefix())).fromRevision(v1), listener);
    eventually().untilAsserted(() -> assertThat(listener.calls()).isNotEmpty());
    put("a", "3");
    // The watch is over already: neither the put nor closing it reaches the listener.
    watch.close();

    assertThat(listener.calls()).containsExactly(new RecordingListener.Compacted(v2));
  }

  @Test
  void aWatchFromTheCompactionRevisionItselfDeliversItsEvents() {
    put("a", "1");
    long v2 = put("a", "2").revision();
    store().compact(v2);
    RecordingListener listener = new RecordingListener();

    try (Watch watch =
        store().watch(WatchRequest.of(KeyRange.prefix(prefix())).fromRevision(v2), listener)) {
      long v3 = put("a", "3").revision();

      eventually().untilAsserted(() -> assertThat(listener.events()).hasSize(2));
      assertThat(listener.events()).extracting(Event::revision).containsExactly(v2, v3);
      assertThat(watch.startRevision()).isEqualTo(v2);
    }
  }
}
