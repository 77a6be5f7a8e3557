package dev.ketch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ketch.store.embedded.EmbeddedStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeriodicCompactorTest {

  @Test
  void compactsAtTheRevisionNotedOneTickEarlier() {
    try (EmbeddedStore store = EmbeddedStore.inMemory();
        PeriodicCompactor compactor = PeriodicCompactor.start(store, Duration.ofHours(1))) {
      store.put(PutRequest.of("/k", "1"));
      store.put(PutRequest.of("/k", "2"));
      compactor.tick();
      assertThat(store.status().compactRevision()).isZero();
      store.put(PutRequest.of("/k", "3"));
      compactor.tick();
      // Revisions 2 and 3 hold the first two writes; the first tick noted 3.
      assertThat(store.status().compactRevision()).isEqualTo(3);
      assertThatThrownBy(() -> store.range(RangeRequest.key("/k").atRevision(2)))
          .isInstanceOf(StoreException.CompactedException.class);
      assertThat(store.range(RangeRequest.key("/k").atRevision(3)).single().value().toStringUtf8()).isEqualTo("2");
    }
  }

  @Test
  void aTickWithoutNewWritesChangesNothing() {
    try (EmbeddedStore store = EmbeddedStore.inMemory();
        PeriodicCompactor compactor = PeriodicCompactor.start(store, Duration.ofHours(1))) {
      store.put(PutRequest.of("/k", "1"));
      compactor.tick();
      compactor.tick();
      compactor.tick();
      assertThat(store.status().compactRevision()).isEqualTo(2);
    }
  }
}
